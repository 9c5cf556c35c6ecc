import { OpfError } from '../core/index.ts';
import { ProcessFailure, runBounded } from './bounded-process.ts';
import { processTimeouts } from './timeouts.ts';

/** Subcommands that talk to a remote and get the longer, network timeout. */
const NETWORK = new Set(['clone', 'fetch', 'pull', 'push', 'ls-remote']);

export interface GitOptions {
  /** Overrides the timeout from the environment (OPF_GIT_TIMEOUT_SECONDS and friends). */
  timeoutMs?: number;
}

/**
 * The one way opf runs git (ADR 0004, amendment): the git CLI through child_process, every
 * call with a deadline. Returns stdout without its trailing white space. A non-zero exit is
 * OPF_ERR_GITOPS_GIT_FAILED with git's own words; a run past its deadline is killed with
 * everything it started (ssh, remote helpers, hooks) and is OPF_ERR_GITOPS_GIT_TIMEOUT.
 * Never prompts: a remote that wants a password fails instead of waiting for a terminal.
 */
export async function git(
  cwd: string,
  args: readonly string[],
  options: GitOptions = {},
): Promise<string> {
  const command = subcommand(args);
  const timeouts = processTimeouts();
  const timeoutMs =
    options.timeoutMs ?? (NETWORK.has(command) ? timeouts.gitNetworkMs : timeouts.gitLocalMs);
  try {
    const { stdout } = await runBounded('git', args, {
      cwd,
      timeoutMs,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    });
    return stdout.trimEnd();
  } catch (error) {
    if (error instanceof ProcessFailure && error.reason === 'timeout')
      throw new OpfError(
        'OPF_ERR_GITOPS_GIT_TIMEOUT',
        `git ${command} did not finish within ${timeoutMs / 1000} s and was stopped`,
      );
    const stderr = error instanceof ProcessFailure ? error.stderr.trim() : '';
    throw new OpfError(
      'OPF_ERR_GITOPS_GIT_FAILED',
      `git ${command} failed: ${stderr || (error as Error).message}`,
    );
  }
}

/** The subcommand after git's own options (`-c name=value`, `-C dir`, `--flag`). */
function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-c' || arg === '-C') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return args[0] ?? '';
}

/** A push the remote refused because someone else pushed first (not a real failure). */
export function isPushRace(error: unknown): boolean {
  const message = (error as Error)?.message ?? '';
  return /\[rejected\]|non-fast-forward|fetch first|failed to update ref|cannot lock ref|stale info/i.test(
    message,
  );
}
