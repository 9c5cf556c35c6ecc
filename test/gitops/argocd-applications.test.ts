import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { copyTree, git, TESTDATA } from './helpers.ts';

const OPFCLI = join(TESTDATA, 'opfcli');
const SMAUG_APPS = 'argocd/overlays/moc-infra/applications/envs/moc/smaug';

async function opf(cwd: string, ...argv: string[]) {
  const err: string[] = [];
  const io = { out: () => {}, err: (t: string) => err.push(t), env: process.env, cwd };
  return { status: await main(argv, io), err: err.join('\n') };
}

/** testdata/gitops/base plus an applications tree in operate-first/apps' shape, in git. */
function checkout(): string {
  const dir = copyTree(join(TESTDATA, 'base'));
  execFileSync('cp', ['-r', `${join(OPFCLI, 'apps-tree')}/.`, dir]);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

function requestFile(dir: string, app: string): string {
  const file = join(dir, '..', `${app}-request.yaml`);
  const text = readFileSync(join(OPFCLI, 'argocd-request.yaml'), 'utf8');
  writeFileSync(file, text.replace('name: APP', `name: ${app}`));
  return file;
}

/** What the cluster's app-of-apps applies: `kubectl kustomize` of its applications overlay. */
function built(dir: string): Record<string, unknown>[] {
  const yaml = execFileSync('kubectl', ['kustomize', SMAUG_APPS], { cwd: dir, encoding: 'utf8' });
  return parseAllDocuments(yaml).map((d) => d.toJS() as Record<string, unknown>);
}

const names = (objects: Record<string, unknown>[]) =>
  objects.map((o) => (o.metadata as { name: string }).name).sort();

describe('ArgoCD Applications in the real applications tree (envs/<env>/<cluster>/<team>)', () => {
  it('the new Application is built by the cluster overlay, bound to the team’s AppProject, its name unique', async () => {
    const dir = checkout();
    const run = await opf(
      dir,
      'gitops',
      'onboard',
      '-f',
      requestFile(dir, 'delta-web'),
      '--repo',
      '.',
    );
    expect(run.status, run.err).toBe(0);
    const overlay = readFileSync(join(dir, SMAUG_APPS, 'kustomization.yaml'), 'utf8');
    expect(overlay).toBe(
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: argocd\nnameSuffix: -smaug\nresources:\n  - delta\n  - operate-first\n  - thoth\n',
    );
    const objects = built(dir);
    expect(names(objects)).toEqual(['delta-web-smaug', 'thoth-api-smaug', 'web-smaug']);
    const app = objects.find((o) => (o.metadata as { name: string }).name === 'delta-web-smaug')!;
    expect(app).toMatchObject({
      kind: 'Application',
      metadata: { namespace: 'argocd' },
      spec: { project: 'delta', destination: { name: 'smaug', namespace: 'delta' } },
    });
    const project = parseAllDocuments(
      readFileSync(join(dir, 'argocd/overlays/moc-infra/projects/delta.yaml'), 'utf8'),
    )[0]!.toJS();
    expect(project).toMatchObject({ kind: 'AppProject', metadata: { name: 'delta' } });
    expect(project.spec.destinations).toEqual([{ namespace: 'delta', name: 'smaug' }]);

    // Offboarding takes the Application and the team's entry out again; the overlay still builds.
    expect((await opf(dir, 'gitops', 'offboard', 'delta', '--repo', '.')).status).toBe(0);
    expect(readFileSync(join(dir, SMAUG_APPS, 'kustomization.yaml'), 'utf8')).not.toContain(
      'delta',
    );
    expect(names(built(dir))).toEqual(['thoth-api-smaug', 'web-smaug']);
  });

  it('a name already built from the overlay is refused, also one made by a nested namePrefix', async () => {
    const dir = checkout();
    const head = git(dir, 'rev-parse', 'HEAD');
    for (const app of ['web', 'thoth-api']) {
      const run = await opf(dir, 'gitops', 'onboard', '-f', requestFile(dir, app), '--repo', '.');
      expect(run.status).not.toBe(0);
      expect(run.err).toMatch(/^error OPF_ERR_GITOPS_APPLICATION_CLASH: .*already in/m);
    }
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});
