import { OpfError } from '../core/index.ts';

/** How long opf lets git and kubectl run before it stops them (milliseconds). */
export interface ProcessTimeouts {
  /** git commands that talk to a remote: clone, fetch, pull, push, ls-remote. */
  gitNetworkMs: number;
  /** git commands on the local repository only. */
  gitLocalMs: number;
  /** One `kubectl kustomize` of one directory. */
  kustomizeMs: number;
}

const SETTINGS = [
  ['gitNetworkMs', 'OPF_GIT_TIMEOUT_SECONDS', 120],
  ['gitLocalMs', 'OPF_GIT_LOCAL_TIMEOUT_SECONDS', 30],
  ['kustomizeMs', 'OPF_KUSTOMIZE_TIMEOUT_SECONDS', 60],
] as const;

/**
 * The timeouts from the environment (seconds, fractions allowed), read at each call so the
 * CLI and the service follow the same variables; a value that is not a positive number of
 * seconds up to an hour is refused rather than silently replaced.
 */
export function processTimeouts(env: NodeJS.ProcessEnv = process.env): ProcessTimeouts {
  const out = {} as Record<keyof ProcessTimeouts, number>;
  for (const [key, name, fallback] of SETTINGS) {
    const text = env[name];
    if (text === undefined || text === '') {
      out[key] = fallback * 1000;
      continue;
    }
    const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
    if (!(seconds > 0 && seconds <= 3600))
      throw new OpfError(
        'OPF_ERR_CONFIG_INVALID',
        `${name} must be a number of seconds above 0 and up to 3600, not "${text}"`,
      );
    out[key] = Math.round(seconds * 1000);
  }
  return out;
}
