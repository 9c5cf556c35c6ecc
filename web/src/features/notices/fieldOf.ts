import { ApiError } from '../../shared/api.ts';

/** The API's message for one field (`path`), or undefined when the error is not about it. */
export function fieldMessage(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const detail = error.details.find((d) => d.path === path || d.path?.startsWith(`${path}.`));
  return detail ? error.message : undefined;
}
