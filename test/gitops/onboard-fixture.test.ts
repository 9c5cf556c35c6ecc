import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeRequestInput, isOpfError, parseYamlInput } from '../../src/core/index.ts';
import {
  type CommitResult,
  commitPlan,
  openRepository,
  planOnboarding,
} from '../../src/gitops/index.ts';
import { copyTree, FIXTURE, git } from './helpers.ts';

const REQUEST = `
env: MOC
target_cluster: Smaug
team_name: nebula
project_description: "Nebula: star maps\\nfor everyone"
project_owner: StarGazer
users: [stargazer, comet-1]
namespaces:
  - name: nebula
    quota: Small
    enable_monitoring: true
    project_display_name: "Nebula #1: maps"
  - name: nebula-data
    custom_quota:
      limits.cpu: "4"
      requests.storage: 100Gi
`;

function request(text = REQUEST) {
  return decodeRequestInput(parseYamlInput(text, 'request.yaml'), 'request.yaml', {
    version: 'offline',
    accepted: [],
  });
}

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// Skipped only on a machine without the shared fixture; the run prints why (NO_FIXTURE).
describe.skipIf(!FIXTURE)('onboarding a new team into a copy of the fixture', () => {
  let dir: string;
  let base: string;
  let result: CommitResult;
  beforeAll(async () => {
    dir = copyTree(FIXTURE, { git: true });
    base = git(dir, 'rev-parse', 'HEAD').trim();
    const plan = planOnboarding(openRepository(dir), request(), {
      requestUrl: 'https://opf.example.org/requests/7',
    });
    result = await commitPlan(dir, plan);
  });

  it('reports the fixture’s own findings as pre-existing without blocking', () => {
    expect(result.preExisting.map((f) => f.path)).toContain(
      'cluster-scope/base/user.openshift.io/groups/apex/group.yaml',
    );
    expect(result.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('commits once, naming what was done', () => {
    expect(git(dir, 'rev-list', '--count', `${base}..HEAD`).trim()).toBe('1');
    expect(git(dir, 'log', '-1', '--format=%s')).toContain('Onboard team nebula');
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('shows only new files and added lines in git diff', () => {
    const numstat = git(dir, 'diff', '--numstat', base, 'HEAD').trim().split('\n');
    for (const line of numstat) expect(line.split('\t')[1], line).toBe('0');
    const status = git(dir, 'diff', '--name-status', base, 'HEAD').trim().split('\n');
    expect(status.filter((l) => l.startsWith('M')).map((l) => l.split('\t')[1])).toEqual([
      'cluster-scope/overlays/prod/common/kustomization.yaml',
      'cluster-scope/overlays/prod/moc/smaug/kustomization.yaml',
    ]);
    expect(status.every((l) => /^[AM]\t/.test(l))).toBe(true);
  });

  it('is found by the importer afterwards, on the right cluster', () => {
    const { inventory } = openRepository(dir);
    expect(inventory.namespaces).toHaveLength(179);
    const nebula = inventory.namespaces.find((n) => n.name === 'nebula')!;
    expect(nebula.clusters).toEqual(['moc/smaug']);
    expect(nebula.tier).toBe('small');
    expect(nebula.monitoring).toBe(true);
    expect(nebula.displayName).toBe('Nebula #1: maps');
    expect(nebula.annotations['openshift.io/description']).toBe('Nebula: star maps\nfor everyone');
    expect(inventory.groups.find((g) => g.name === 'nebula')?.users).toEqual([
      'stargazer',
      'comet-1',
    ]);
    const data = inventory.namespaces.find((n) => n.name === 'nebula-data')!;
    expect(data.customQuota?.name).toBe('nebula-data-custom');
  });

  it.runIf(hasKubectl())('builds the new namespace directory with kubectl kustomize', () => {
    const out = execFileSync(
      'kubectl',
      ['kustomize', 'cluster-scope/base/core/namespaces/nebula'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(out).toContain('kind: Namespace');
    expect(out).toContain('name: namespace-admin-nebula');
    expect(out).toContain('kind: LimitRange');
    expect(out).toContain('name: small');
  });

  it('is a no-op when run again', () => {
    const plan = planOnboarding(openRepository(dir), request(), {
      requestUrl: 'https://opf.example.org/requests/7',
    });
    expect(plan.changes).toEqual([]);
  });

  it('merges new users into an existing group, case-insensitively', () => {
    const again = request(
      REQUEST.replace('[stargazer, comet-1]', '[COMET-1, nova]').replace(
        /namespaces:[\s\S]*/,
        'namespaces:\n  - name: nebula-three\n    quota: x-small\n',
      ),
    );
    const plan = planOnboarding(openRepository(dir), again);
    const group = plan.changes.find((c) => c.path.endsWith('groups/nebula/group.yaml'))!;
    expect(group.action).toBe('update');
    expect(group.content).toBe(`${group.before}  - nova\n`);
  });

  it('refuses a namespace that exists, with a stable code', () => {
    const taken = request(REQUEST.replace('name: nebula\n', 'name: lotus\n'));
    expect(codeOf(() => planOnboarding(openRepository(dir), taken))).toBe(
      'OPF_ERR_GITOPS_NAMESPACE_EXISTS',
    );
  });

  it('refuses a namespace that a directory of another name makes (curator-operator)', () => {
    const taken = request(REQUEST.replace('name: nebula\n', 'name: curator-operator-system\n'));
    expect(codeOf(() => planOnboarding(openRepository(dir), taken))).toBe(
      'OPF_ERR_GITOPS_NAMESPACE_EXISTS',
    );
  });
});

// Skipped only on a machine without the shared fixture; the run prints why (NO_FIXTURE).
describe.skipIf(!FIXTURE)('bad onboarding input', () => {
  let dir: string;
  beforeAll(() => {
    dir = copyTree(join(import.meta.dirname, '../../testdata/gitops/base'));
  });
  const base = (ns: Record<string, unknown>) => ({
    project: { name: 'p', description: 'd' },
    team: { name: 'team', owner: 'o', members: ['o'] },
    namespaces: [
      { name: 'fresh', cluster: 'moc/smaug', limitRange: true, monitoring: false, ...ns },
    ],
    argocd: { enabled: false, applications: [] },
    terms: { version: 'offline', accepted: [] },
  });
  const cases: [string, Record<string, unknown>, string][] = [
    ['an existing namespace', { name: 'alpha' }, 'OPF_ERR_GITOPS_NAMESPACE_EXISTS'],
    ['an invalid name', { name: 'Bad_Name' }, 'OPF_ERR_NAME_INVALID'],
    ['../ in a name', { name: '../etc' }, 'OPF_ERR_NAME_INVALID'],
    ['/ in a name', { name: 'a/b' }, 'OPF_ERR_NAME_INVALID'],
    ['an unknown cluster', { cluster: 'moc/nowhere' }, 'OPF_ERR_GITOPS_CLUSTER_UNKNOWN'],
    ['../ in a cluster', { cluster: 'moc/../smaug' }, 'OPF_ERR_GITOPS_CLUSTER_UNKNOWN'],
    ['a cluster name with a slash only', { cluster: '/smaug' }, 'OPF_ERR_GITOPS_CLUSTER_UNKNOWN'],
    ['an unknown tier', { tier: 'huge' }, 'OPF_ERR_GITOPS_TIER_UNKNOWN'],
    ['a tier with ../', { tier: '../small' }, 'OPF_ERR_NAME_INVALID'],
  ];
  for (const [what, ns, code] of cases)
    it(`refuses ${what} with ${code}`, () => {
      expect(codeOf(() => planOnboarding(openRepository(dir), base(ns) as never))).toBe(code);
    });

  it('refuses an application deploying to a namespace the request does not ask for', () => {
    const spec = {
      ...base({}),
      argocd: {
        enabled: true,
        applications: [
          {
            name: 'app',
            repoUrl: 'https://x.example',
            path: '.',
            targetRevision: 'HEAD',
            namespace: 'alpha',
          },
        ],
      },
    };
    expect(codeOf(() => planOnboarding(openRepository(dir), spec as never))).toBe(
      'OPF_ERR_VALIDATION',
    );
  });

  it('refuses ../ in the team name', () => {
    const spec = base({});
    spec.team.name = '../x';
    expect(codeOf(() => planOnboarding(openRepository(dir), spec as never))).toBe(
      'OPF_ERR_NAME_INVALID',
    );
  });
});

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return isOpfError(error) ? error.code : String(error);
  }
  return undefined;
}
