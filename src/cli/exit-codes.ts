import { exitCodeOfCode, isOpfError } from '../core/index.ts';

/** Exit codes of `opf`, documented in the README. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  input: 3,
  notFound: 4,
  conflict: 5,
  denied: 6,
  unavailable: 7,
  findings: 8,
} as const;

export function exitCodeOf(error: unknown): number {
  return isOpfError(error) ? exitCodeOfCode(error.code) : EXIT.internal;
}
