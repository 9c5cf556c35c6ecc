import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { git } from '../gitops/index.ts';

/**
 * opf's own clone of the GitOps remote. It belongs to opf alone, so bringing it to the
 * remote's newest head may discard anything left in it (a crashed half-change included).
 */
export async function syncWorkspace(
  remote: string,
  workDir: string,
  branch: string,
): Promise<string> {
  if (!existsSync(join(workDir, '.git'))) {
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(dirname(workDir), { recursive: true });
    await git(dirname(workDir), ['clone', '-q', '--no-tags', remote, workDir]);
    await git(workDir, ['config', 'user.name', 'opf']);
    await git(workDir, ['config', 'user.email', 'opf@localhost']);
  }
  await git(workDir, ['fetch', '-q', '--prune', 'origin']);
  // Forced: files a killed process left edited (a change half written) would otherwise make
  // checkout refuse to move to a head that changed them, and every later job fail here.
  // The forced checkout also resets index and tree, as reset --hard would.
  await git(workDir, ['checkout', '-q', '-f', '-B', branch, `origin/${branch}`]);
  await git(workDir, ['clean', '-q', '-fdx']);
  return git(workDir, ['rev-parse', 'HEAD']);
}
