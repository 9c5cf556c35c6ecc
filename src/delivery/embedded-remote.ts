import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Cluster, QuotaTier } from '../core/index.ts';
import { git } from '../gitops/index.ts';
import { emptyLayoutFiles } from './empty-layout.ts';

/**
 * The embedded default's GitOps remote: a bare repository under the data directory, made
 * once with an empty layout for the given clusters and tiers. Returns its path.
 */
export async function ensureEmbeddedRemote(
  dir: string,
  branch: string,
  clusters: readonly Cluster[],
  tiers: readonly QuotaTier[],
): Promise<string> {
  if (existsSync(join(dir, 'HEAD'))) return dir;
  mkdirSync(dir, { recursive: true });
  await git(dir, ['init', '-q', '--bare', `--initial-branch=${branch}`]);
  const scratch = mkdtempSync(join(tmpdir(), 'opf-layout-'));
  try {
    await git(scratch, ['init', '-q', `--initial-branch=${branch}`]);
    for (const [path, content] of Object.entries(emptyLayoutFiles(clusters, tiers))) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), content);
    }
    await git(scratch, ['add', '-A']);
    await git(scratch, [
      '-c',
      'user.name=opf',
      '-c',
      'user.email=opf@localhost',
      'commit',
      '-q',
      '-m',
      'Empty apps repository in the Operate First layout',
    ]);
    await git(scratch, ['push', '-q', dir, `HEAD:refs/heads/${branch}`]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return dir;
}
