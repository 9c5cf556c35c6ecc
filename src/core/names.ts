import { OpfError } from './errors.ts';

/** RFC 1123 label: what Kubernetes accepts for a namespace and what a path segment can safely be. */
const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const RFC1123_MAX_LENGTH = 63;

/**
 * A user name as the cluster knows it. GitHub logins are letters, digits and single dashes,
 * but OpenShift users from another identity provider may also hold `_` and `.`; `/`, `:`,
 * spaces and control characters are never allowed (they would break group files and paths).
 */
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const USER_NAME_MAX_LENGTH = 100;

/** The characters of `name` outside `allowed`, each once and printable, for a message. */
function strayCharacters(name: string, allowed: RegExp): string {
  const stray = [...new Set([...name].filter((c) => !allowed.test(c)))];
  return stray.map((c) => `"${c === ' ' ? 'space' : printable(c)}"`).join(', ');
}

/**
 * Why a label is invalid, in one plain sentence naming the rule broken (and what broke it),
 * or undefined when it is valid. The first rule broken is named: a stray character before
 * case, so "my_team" is told about "_", not that it must be lowercase.
 */
export function rfc1123LabelProblem(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name.length > RFC1123_MAX_LENGTH)
    return `is ${name.length} characters long; at most ${RFC1123_MAX_LENGTH} are allowed`;
  if (/[^A-Za-z0-9-]/.test(name))
    return `may hold only lowercase letters, digits and "-", not ${strayCharacters(name, /[A-Za-z0-9-]/)}`;
  if (/[A-Z]/.test(name)) return 'must be lowercase (no capital letters)';
  if (name.startsWith('-') || name.endsWith('-'))
    return 'must start and end with a letter or digit';
  if (!RFC1123_LABEL.test(name)) return 'may hold only lowercase letters, digits and "-"';
  return undefined;
}

export function isRfc1123Label(name: string): boolean {
  return rfc1123LabelProblem(name) === undefined;
}

export function assertRfc1123Label(name: string, what: string): void {
  const problem = rfc1123LabelProblem(name);
  if (problem)
    throw new OpfError('OPF_ERR_NAME_INVALID', `${what} "${printable(name)}" ${problem}`);
}

export function userNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name.length > USER_NAME_MAX_LENGTH)
    return `is longer than ${USER_NAME_MAX_LENGTH} characters`;
  if (/[^A-Za-z0-9._-]/.test(name))
    return `may hold only letters, digits, "-", "_" and ".", not ${strayCharacters(name, /[A-Za-z0-9._-]/)}`;
  if (!USER_NAME.test(name)) return 'must start with a letter or digit';
  return undefined;
}

/** Users are compared case-insensitively (GitHub logins are) but stored as written. */
export function sameUser(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Merge user lists keeping the first casing seen for each user, in first-seen order. */
export function mergeUsers(...lists: readonly (readonly string[])[]): string[] {
  const seen = new Map<string, string>();
  for (const list of lists)
    for (const user of list) if (!seen.has(user.toLowerCase())) seen.set(user.toLowerCase(), user);
  return [...seen.values()];
}

/** Show a user-supplied string safely inside a message (no raw newlines or control chars). */
export function printable(value: string): string {
  const cut = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return JSON.stringify(cut).slice(1, -1);
}
