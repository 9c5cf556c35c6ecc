import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret: a prefix that says what it is (for secret scanners), then 256 random bits. */
export function newSecret(prefix: 'opf_pat' | 'opf_ses' | 'opf_st'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Secrets are stored only as this hash: a database dump gives no working credential. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * The CSRF token of a session, derived from the session secret: nothing more to store, and
 * a page on another origin can read neither the HttpOnly cookie nor this value.
 */
export function csrfTokenFor(sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update('opf csrf').digest('base64url');
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
