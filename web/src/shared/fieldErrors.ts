import type { ApiError } from './api.ts';

/** Messages by field path, written as the API writes them: project.name, namespaces[0].tier. */
export type FieldErrors = Record<string, string>;

/** The API's answer to a refused write, placed at the fields it names. */
export function errorsFromApi(error: ApiError): FieldErrors {
  const errors: FieldErrors = {};
  for (const detail of error.details) {
    const path = detail.path ?? '';
    const prefix = `${path}: `;
    errors[path] ??= detail.message.startsWith(prefix)
      ? detail.message.slice(prefix.length)
      : detail.message;
  }
  if (Object.keys(errors).length === 0) errors[''] = error.message;
  return errors;
}

/** The message for a field, or for anything inside it (team.members[2] shows at team.members). */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const inside = Object.keys(errors).find(
    (key) => key.startsWith(`${path}.`) || key.startsWith(`${path}[`),
  );
  return inside === undefined ? undefined : errors[inside];
}
