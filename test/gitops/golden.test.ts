import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { decodeRequestInput, parseYamlInput } from '../../src/core/index.ts';
import {
  applyChanges,
  importRepository,
  openRepository,
  type Plan,
  planClusterQuota,
  planEnableMonitoring,
  planGrantAccess,
  planOffboarding,
  planOnboarding,
  validateRepository,
} from '../../src/gitops/index.ts';
import { copyTree, listFiles, TESTDATA } from './helpers.ts';

/** Set UPDATE_GOLDEN=1 to rewrite testdata/gitops/<case>/expected from the current output. */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function planFor(name: string, dir: string): Plan {
  const repo = openRepository(dir);
  const caseDir = join(TESTDATA, name);
  if (existsSync(join(caseDir, 'request.yaml'))) {
    const file = join(caseDir, 'request.yaml');
    const input = parseYamlInput(readFileSync(file, 'utf8'), 'request.yaml');
    const request = decodeRequestInput(input, 'request.yaml', { version: 'offline', accepted: [] });
    return planOnboarding(repo, request, { requestUrl: 'https://opf.example.org/requests/42' });
  }
  const spec = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')) as {
    command: string;
    args: string[];
  };
  const [a = '', b = '', c = ''] = spec.args;
  if (spec.command === 'grant-access') return planGrantAccess(repo, a, b, c);
  if (spec.command === 'enable-monitoring') return planEnableMonitoring(repo, a);
  if (spec.command === 'cluster-quota') return planClusterQuota(repo, a, b, c);
  return planOffboarding(repo, a);
}

function semantic(path: string, text: string): unknown {
  if (!/\.ya?ml$/.test(path)) return text;
  return parseAllDocuments(text).map((d) => (Array.isArray(d) ? d : d.toJS()));
}

const CASES = [
  'onboard-new-team',
  'onboard-existing-group',
  'onboard-argocd',
  'grant-access',
  'enable-monitoring',
  'cluster-quota',
  'offboard',
];

describe('golden trees (testdata/gitops/<case>/expected)', () => {
  for (const name of CASES) {
    it(`${name} writes the expected tree, and running it again changes nothing`, async () => {
      const dir = copyTree(join(TESTDATA, 'base'));
      const plan = planFor(name, dir);
      expect(plan.changes.length).toBeGreaterThan(0);
      await applyChanges(dir, plan.changes);
      const expectedDir = join(TESTDATA, name, 'expected');
      if (UPDATE) {
        rmSync(expectedDir, { recursive: true, force: true });
        cpSync(dir, expectedDir, { recursive: true });
      }
      const files = listFiles(dir);
      expect(files).toEqual(listFiles(expectedDir));
      for (const file of files)
        expect(semantic(file, readFileSync(join(dir, file), 'utf8')), file).toEqual(
          semantic(file, readFileSync(join(expectedDir, file), 'utf8')),
        );
      if (name !== 'offboard') expect(planFor(name, dir).changes).toEqual([]);
    });
  }

  it('onboard-argocd: the importer reads the new AppProject back', async () => {
    const dir = copyTree(join(TESTDATA, 'base'));
    await applyChanges(dir, planFor('onboard-argocd', dir).changes);
    const project = importRepository(dir).appProjects.find((p) => p.name === 'epsilon');
    expect(project?.destinations).toEqual([
      { namespace: 'epsilon', name: 'smaug' },
      { namespace: 'epsilon-stage', name: 'osc-cl1' },
    ]);
    expect(project?.groups).toEqual(['epsilon', 'operate-first']);
  });

  it('cluster-quota: read back per cluster, built by kustomize, removed again by offboarding', async () => {
    const dir = copyTree(join(TESTDATA, 'base'));
    await applyChanges(dir, planFor('cluster-quota', dir).changes);
    const inventory = importRepository(dir);
    const cl1 = inventory.clusters.find((c) => c.name === 'osc-cl1')!;
    expect(cl1.quotas).toEqual([
      {
        namespace: 'alpha',
        tier: 'large',
        path: 'cluster-scope/overlays/prod/osc/osc-cl1/resourcequotas/alpha.yaml',
      },
    ]);
    expect(cl1.namespaces).toEqual(['alpha']);
    expect(inventory.unmodelled.map((u) => u.path)).not.toContain(cl1.quotas[0]!.path);
    if (hasKubectl()) {
      const built = execFileSync('kubectl', ['kustomize', cl1.path], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(built).toMatch(/op1st\/quota-tier: large\n {2}name: small\n {2}namespace: alpha/);
      expect(built).toContain('limits.memory: 16Gi');
    }
    await applyChanges(dir, planOffboarding(openRepository(dir), 'alpha').changes);
    expect(existsSync(join(dir, cl1.quotas[0]!.path))).toBe(false);
    expect(importRepository(dir).clusters.find((c) => c.name === 'osc-cl1')?.quotas).toEqual([]);
    expect(validateRepository(dir)).toEqual([]);
  });

  it('offboarding one of a team’s ArgoCD namespaces removes its destination and applications', async () => {
    const dir = copyTree(join(TESTDATA, 'base'));
    await applyChanges(dir, planFor('onboard-argocd', dir).changes);
    const plan = planOffboarding(openRepository(dir), 'epsilon-stage');
    await applyChanges(dir, plan.changes);
    const inventory = importRepository(dir);
    expect(inventory.appProjects.find((p) => p.name === 'epsilon')?.destinations).toEqual([
      { namespace: 'epsilon', name: 'smaug' },
    ]);
    const appDir = 'argocd/overlays/moc-infra/applications/envs/osc/osc-cl1/epsilon';
    expect(existsSync(join(dir, appDir))).toBe(false);
    expect(
      existsSync(
        join(dir, 'argocd/overlays/moc-infra/applications/envs/moc/smaug/epsilon/epsilon-api.yaml'),
      ),
    ).toBe(true);
    // The team still has a namespace: its group and role binding stay.
    expect(inventory.groups.map((g) => g.name)).toContain('epsilon');
    expect(validateRepository(dir)).toEqual([]);
  });

  it('offboarding keeps a group that a cluster overlay patches', async () => {
    const dir = copyTree(join(TESTDATA, 'base'));
    const overlay = join(dir, 'cluster-scope/overlays/prod/osc/osc-cl1');
    writeFileSync(
      join(overlay, 'alpha-team.yaml'),
      'apiVersion: user.openshift.io/v1\nkind: Group\nmetadata:\n  name: alpha-team\nusers:\n- carol\n',
    );
    writeFileSync(
      join(overlay, 'kustomization.yaml'),
      `${readFileSync(join(overlay, 'kustomization.yaml'), 'utf8')}patchesStrategicMerge:\n- alpha-team.yaml\n`,
    );
    const plan = planOffboarding(openRepository(dir), 'alpha');
    const paths = plan.changes.map((c) => c.path);
    expect(paths).toContain(
      'cluster-scope/components/project-admin-rolebindings/alpha-team/rbac.yaml',
    );
    expect(paths).not.toContain(
      'cluster-scope/base/user.openshift.io/groups/alpha-team/group.yaml',
    );
  });
});

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
