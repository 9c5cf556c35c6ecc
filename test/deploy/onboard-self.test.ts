import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REFERENCE_QUOTA_TIERS, SEED_CLUSTERS } from '../../src/core/index.ts';
import { ensureEmbeddedRemote } from '../../src/delivery/index.ts';
import { runCli, tempDir } from '../cli/helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const ONBOARD_FILE = join(ROOT, 'deploy', 'onboard', 'opf.yaml');

let temp: ReturnType<typeof tempDir>;
let repo: string;
beforeAll(async () => {
  temp = tempDir('opf-onboard-self-');
  // A scratch apps repository: the empty Operate First layout opf makes for itself.
  const remote = await ensureEmbeddedRemote(
    join(temp.dir, 'apps.git'),
    'main',
    SEED_CLUSTERS,
    REFERENCE_QUOTA_TIERS,
  );
  repo = join(temp.dir, 'apps');
  execFileSync('git', ['clone', '-q', remote, repo]);
  execFileSync('git', ['-C', repo, 'config', 'user.name', 'ops']);
  execFileSync('git', ['-C', repo, 'config', 'user.email', 'ops@example.org']);
});
afterAll(() => temp?.remove());

describe('opf onboards its own namespace (deploy/onboard/opf.yaml, docs/deploy.md)', () => {
  it('writes the namespace, its team and the ArgoCD Application that deploys the openshift overlay', async () => {
    const cli = (args: string[]) => runCli(args, { PATH: process.env.PATH }, ROOT);
    const onboarded = await cli(['gitops', 'onboard', '-f', ONBOARD_FILE, '--repo', repo]);
    expect(onboarded.code, onboarded.err).toBe(0);
    const head = execFileSync('git', ['-C', repo, 'log', '-1', '--format=%s'], {
      encoding: 'utf8',
    });
    expect(head).toMatch(/namespace opf \(moc\/infra\)/);
    // docs/deploy.md says what the commit holds.
    const files = execFileSync('git', ['-C', repo, 'diff', '--name-only', 'HEAD~1', 'HEAD'], {
      encoding: 'utf8',
    });
    expect(files.trim().split('\n')).toHaveLength(13);

    const inventory = JSON.parse(
      (await cli(['gitops', 'inventory', '--repo', repo, '--json'])).out,
    ) as { clusters: { env: string; name: string; namespaces: string[] }[] };
    const infra = inventory.clusters.find((c) => c.env === 'moc' && c.name === 'infra');
    expect(infra?.namespaces).toEqual(['opf']);
    const validated = await cli(['gitops', 'validate', '--repo', repo, '--cluster', 'moc/infra']);
    expect(validated.code, validated.out + validated.err).toBe(0);

    // The Application points at this repository's overlay, in the namespace the overlay uses.
    const application = parse(
      readFileSync(
        join(repo, 'argocd/overlays/moc-infra/applications/envs/moc/infra/opf-ops/opf.yaml'),
        'utf8',
      ),
    );
    expect(application.spec.destination.namespace).toBe('opf');
    const overlay = application.spec.source.path as string;
    expect(existsSync(join(ROOT, overlay, 'kustomization.yaml'))).toBe(true);
    expect(parse(readFileSync(join(ROOT, overlay, 'kustomization.yaml'), 'utf8')).namespace).toBe(
      'opf',
    );

    // Running it again changes nothing.
    const again = await cli(['gitops', 'onboard', '-f', ONBOARD_FILE, '--repo', repo]);
    expect(again.code).toBe(0);
    expect(again.out + again.err).toMatch(/nothing to change/);
  });
});
