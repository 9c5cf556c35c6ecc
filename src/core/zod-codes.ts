import type { z } from 'zod';
import type { ErrorCode } from './errors.ts';
import { printable } from './names.ts';

/**
 * A zod refinement that reports a problem with a stable opf error code attached, so the
 * edges can answer OPF_ERR_NAME_INVALID rather than a generic validation error.
 */
export function withOpfCode(code: ErrorCode, problemOf: (value: string) => string | undefined) {
  return (value: string, ctx: z.RefinementCtx): void => {
    const problem = problemOf(value);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        // An empty value has nothing to quote: `"" must not be empty` reads as noise.
        message: value === '' ? 'is required' : `"${printable(value)}" ${problem}`,
        params: { opfCode: code },
      });
  };
}

export function opfCodeOfIssue(issue: z.core.$ZodIssue): ErrorCode | undefined {
  if (issue.code === 'custom') {
    const params = (issue as { params?: { opfCode?: ErrorCode } }).params;
    return params?.opfCode;
  }
  if (issue.code === 'unrecognized_keys') return 'OPF_ERR_UNKNOWN_KEY';
  return undefined;
}
