import { formatPath, requestSpecSchema } from '../../../../src/core/index.ts';
import type { RequestSpecInput, TermsVersion } from '../../shared/types.ts';

/**
 * The API's own schema, run in the browser: the same rules, the same words, before sending.
 * Messages by field path (FieldErrors; spelled out so the node tests can load this file).
 */
export function validateSpec(
  spec: RequestSpecInput,
  terms: TermsVersion | undefined,
): Record<string, string> {
  const errors: Record<string, string> = {};
  const result = requestSpecSchema.safeParse(spec);
  if (!result.success)
    for (const issue of result.error.issues) {
      const path = formatPath(issue.path);
      errors[path] ??= issue.message;
    }
  const missing = terms?.items.filter((item) => !spec.terms.accepted.includes(item.id)) ?? [];
  if (missing.length > 0)
    errors['terms.accepted'] ??= `accept every term to continue (${missing.length} left)`;
  return errors;
}

export const STEPS = ['project', 'team', 'namespaces', 'argocd', 'terms', 'review'] as const;
export type StepId = (typeof STEPS)[number];

export function stepOf(path: string): StepId {
  const head = path.split(/[.[]/)[0];
  if (head === 'terms') return 'terms';
  return (STEPS as readonly string[]).includes(head ?? '') ? (head as StepId) : 'review';
}

/** "field-namespaces-0-name": an element id (and data-test) for a field path. */
export function fieldId(path: string): string {
  return `field-${path.replaceAll(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;
}
