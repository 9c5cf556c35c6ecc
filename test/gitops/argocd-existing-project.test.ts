import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRequestInput, parseYamlInput } from '../../src/core/index.ts';
import { commitPlan, openRepository, planOnboarding } from '../../src/gitops/index.ts';
import { copyTree, FIXTURE, git } from './helpers.ts';

const PROJECT = 'argocd/overlays/moc-infra/projects/copilot-ops.yaml';

/** A request of the fixture's copilot-ops team for one more namespace, deployed by ArgoCD. */
function moreForCopilotOps(namespace: string, cluster = 'moc/smaug') {
  const text = `
project: { name: ${namespace}, description: More room for copilot-ops }
team: { name: copilot-ops, owner: copilot-dev, members: [copilot-dev] }
namespaces:
  - { name: ${namespace}, cluster: ${cluster}, tier: x-small }
argocd:
  enabled: true
  applications:
    - { name: ${namespace}-app, repoUrl: https://github.com/example/copilot, path: deploy, namespace: ${namespace} }
`;
  return decodeRequestInput(parseYamlInput(text, 'request.yaml'), 'request.yaml', {
    version: 'offline',
    accepted: [],
  });
}

async function onboard(dir: string, namespace: string, cluster?: string) {
  const plan = planOnboarding(openRepository(dir), moreForCopilotOps(namespace, cluster), {
    requestUrl: 'https://opf.example.org/requests/9',
  });
  return { plan, result: plan.changes.length ? await commitPlan(dir, plan) : undefined };
}

// Skipped only on a machine without the shared fixture; the run prints why (NO_FIXTURE).
describe.skipIf(!FIXTURE)("a team's existing ArgoCD project", () => {
  it('is left alone when its destinations already allow the namespace (copilot-ops* on smaug)', async () => {
    const dir = copyTree(FIXTURE!, { git: true });
    const before = readFileSync(join(dir, PROJECT), 'utf8');
    const { plan } = await onboard(dir, 'copilot-ops-extra');
    expect(plan.changes.map((c) => c.path)).not.toContain(PROJECT);
    expect(plan.changes.length).toBeGreaterThan(0);
    expect(readFileSync(join(dir, PROJECT), 'utf8')).toBe(before);
  });

  it('gains the destination it lacks as added lines only, in its own style; a re-run adds nothing', async () => {
    const dir = copyTree(FIXTURE!, { git: true });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    const { result } = await onboard(dir, 'copilot-lab', 'osc/osc-cl1');
    expect(result?.commit).toMatch(/^[0-9a-f]{40}$/);
    const diff = git(dir, 'diff', '--unified=0', base, 'HEAD', '--', PROJECT);
    const changed = diff.split('\n').filter((l) => /^[+-][^+-]/.test(l));
    expect(changed).toEqual(['+    - namespace: copilot-lab', '+      name: osc-cl1']);
    const project = openRepository(dir).inventory.appProjects.find((p) => p.name === 'copilot-ops');
    expect(project?.destinations).toContainEqual({ namespace: 'copilot-lab', name: 'osc-cl1' });
    expect(project?.groups).toEqual(['copilot-ops', 'operate-first']);
    const again = await onboard(dir, 'copilot-lab', 'osc/osc-cl1');
    expect(again.plan.changes).toEqual([]);
  });

  it('a destination for any cluster (name: "*") allows; a denied namespace is refused, not overruled', async () => {
    const dir = copyTree(FIXTURE!, { git: true });
    const path = join(dir, PROJECT);
    const text = readFileSync(path, 'utf8');
    writeFileSync(
      path,
      text.replace(
        '  destinations:\n',
        "  destinations:\n    - namespace: 'copilot-lab*'\n      name: '*'\n    - namespace: '!copilot-secret'\n      name: '*'\n",
      ),
    );
    git(dir, 'commit', '-qam', 'by hand: any cluster, and one namespace denied');
    const { plan } = await onboard(dir, 'copilot-lab', 'osc/osc-cl1');
    expect(plan.changes.map((c) => c.path)).not.toContain(PROJECT);
    await expect(onboard(dir, 'copilot-secret', 'osc/osc-cl1')).rejects.toMatchObject({
      code: 'OPF_ERR_GITOPS_EDIT_UNSUPPORTED',
    });
  });
});
