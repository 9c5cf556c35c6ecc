import { describe, expect, it } from 'vitest';
import {
  decodeRequestInput,
  type OpfError,
  parseYamlInput,
  SEED_TERMS,
} from '../../src/core/index.ts';

const terms = { version: SEED_TERMS.version, accepted: SEED_TERMS.items.map((item) => item.id) };

function decode(text: string, acceptTerms = terms) {
  return decodeRequestInput(parseYamlInput(text, 'request.yaml'), 'request.yaml', acceptTerms);
}

function errorOf(run: () => unknown): OpfError {
  try {
    run();
  } catch (error) {
    return error as OpfError;
  }
  throw new Error('expected an error');
}

const OPFCLI = `env: MOC
namespaces:
  - enable_monitoring: true
    name: testproject
    custom_quota:
      limits.cpu: '28'
      requests.cpu: '28'
      limits.memory: 32Gi
      requests.memory: 32Gi
      requests.storage: 100Gi
      count/objectbucketclaims.objectbucket.io: 1
    project_display_name: "Test: project"
project_description: This is the configuration for a sample project
target_cluster: Smaug
team_name: testgroup
users:
  - testing_gh_handle_1
  - Testing-GH-2
`;

describe('opfcli onboard files', () => {
  it('converts, honouring project_description and enable_monitoring, matching env and cluster case-insensitively', () => {
    const spec = decode(OPFCLI);
    expect(spec.project).toMatchObject({
      name: 'testgroup',
      description: 'This is the configuration for a sample project',
    });
    expect(spec.team).toEqual({
      name: 'testgroup',
      owner: 'testing_gh_handle_1',
      members: ['testing_gh_handle_1', 'Testing-GH-2'],
    });
    expect(spec.namespaces).toEqual([
      {
        name: 'testproject',
        cluster: 'moc/smaug',
        displayName: 'Test: project',
        customQuota: { cpu: '28', memory: '32Gi', storage: '100Gi', objectBucketClaims: 1 },
        limitRange: true,
        monitoring: true,
      },
    ]);
    expect(spec.terms).toEqual(terms);
  });

  it('refuses quota together with custom_quota as ambiguous, naming the line', () => {
    const error = errorOf(() =>
      decode(
        OPFCLI.replace('    name: testproject\n', '    name: testproject\n    quota: small\n'),
      ),
    );
    expect(error.code).toBe('OPF_ERR_QUOTA_AMBIGUOUS');
    expect(error.message).toMatch(/line 6/);
  });

  it('names an unknown key and its line, where opfcli dropped it silently', () => {
    const error = errorOf(() =>
      decode(OPFCLI.replace('team_name: testgroup', 'team_name: testgroup\nteam_nmae: oops')),
    );
    expect(error.code).toBe('OPF_ERR_UNKNOWN_KEY');
    expect(error.message).toContain('unknown key "team_nmae" at line 16');
  });

  it('needs a terms acceptance, which the file cannot carry', () => {
    const error = errorOf(() => decodeRequestInput(parseYamlInput(OPFCLI), 'f'));
    expect(error.code).toBe('OPF_ERR_TERMS_NOT_ACCEPTED');
  });
});

describe('opf request files', () => {
  const OPF = `project:
  name: demo
  description: "A demo: with colons, # and 'quotes'"
team:
  name: demo
  owner: alice
  members: [alice]
namespaces:
  - name: demo-dev
    cluster: MOC/Smaug
    tier: small
`;

  it('decodes with defaults, and fills the terms from --accept-terms when the file has none', () => {
    const spec = decode(OPF);
    expect(spec.project.description).toBe("A demo: with colons, # and 'quotes'");
    expect(spec.namespaces[0]).toEqual({
      name: 'demo-dev',
      cluster: 'MOC/Smaug',
      tier: 'small',
      limitRange: true,
      monitoring: false,
    });
    expect(spec.argocd).toEqual({ enabled: false, applications: [] });
  });

  it('reports an unknown nested key with its line', () => {
    const error = errorOf(() =>
      decode(OPF.replace('    tier: small', '    tier: small\n    qouta: 3')),
    );
    expect(error.code).toBe('OPF_ERR_UNKNOWN_KEY');
    expect(error.details?.[0]).toMatchObject({ path: 'namespaces[0].qouta', line: 12 });
  });

  it('reports invalid names with the name code and the line', () => {
    const error = errorOf(() => decode(OPF.replace('  - name: demo-dev', '  - name: Demo_Dev')));
    expect(error.code).toBe('OPF_ERR_NAME_INVALID');
    expect(error.details?.[0]).toMatchObject({ path: 'namespaces[0].name', line: 9 });
  });

  it('reports invalid YAML with its line', () => {
    const error = errorOf(() => parseYamlInput('project:\n  name: [unclosed\n', 'bad.yaml'));
    expect(error.code).toBe('OPF_ERR_YAML_INVALID');
    expect(error.details?.[0]?.line).toBeGreaterThan(0);
  });

  it('refuses duplicate keys instead of keeping the last one', () => {
    const error = errorOf(() => parseYamlInput('a: 1\na: 2\n'));
    expect(error.code).toBe('OPF_ERR_YAML_INVALID');
  });
});
