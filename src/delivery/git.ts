import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { OpfError } from '../core/index.ts';

const run = promisify(execFile);

/** Run git in `cwd`; failures become OPF_ERR_GITOPS_GIT_FAILED with git's own words. */
export async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    });
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new OpfError(
      'OPF_ERR_GITOPS_GIT_FAILED',
      `git ${args[0]} failed: ${stderr || (error as Error).message}`,
    );
  }
}

/** A push the remote refused because someone else pushed first (not a real failure). */
export function isPushRace(error: unknown): boolean {
  const message = (error as Error)?.message ?? '';
  return /\[rejected\]|non-fast-forward|fetch first|failed to update ref|cannot lock ref|stale info/i.test(
    message,
  );
}
