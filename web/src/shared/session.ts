import { useSyncExternalStore } from 'react';
import type { Me } from './types.ts';

/** Who the browser's sign-in session belongs to (GET /api/v1/me), with its CSRF token. */
export type Session = Pick<Me, 'login' | 'role' | 'csrfToken'>;

// Set when the user chose to sign in: asking /api/v1/me on every visit would be a 401 (and a
// console error) for everyone who never did.
const FLAG = 'opf.signedIn';
let current: Session | undefined;
// While /api/v1/me is asked, a page that needs the session waits instead of offering sign-in.
let restoring = false;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function flag(value?: boolean): boolean {
  try {
    if (value === true) localStorage.setItem(FLAG, '1');
    if (value === false) localStorage.removeItem(FLAG);
    return localStorage.getItem(FLAG) === '1';
  } catch {
    return false;
  }
}

export function getSession(): Session | undefined {
  return current;
}

// On the server, and while the browser hydrates its HTML, nobody is signed in yet: the
// session shows in the render right after (shared/prerender.ts).
export function useSession(): Session | undefined {
  return useSyncExternalStore(subscribe, getSession, () => undefined);
}

/** True while the page is still asking whether the browser has a sign-in session. */
export function useSessionRestoring(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => restoring,
    () => false,
  );
}

export async function restoreSession(): Promise<void> {
  if (!flag()) return;
  restoring = true;
  notify();
  try {
    const response = await fetch('/api/v1/me', { headers: { accept: 'application/json' } });
    if (!response.ok) {
      flag(false);
      return;
    }
    const me = (await response.json()) as Session;
    current = { login: me.login, role: me.role, csrfToken: me.csrfToken };
  } finally {
    restoring = false;
    notify();
  }
}

/** To the portal's sign-in page (providers, or the demo users), then back to this page. */
export function signIn(returnTo: string): void {
  window.location.assign(signInPath(returnTo));
}

/** The portal's sign-in page, which comes back to `returnTo` once signed in. */
export function signInPath(returnTo: string): string {
  return returnTo && returnTo !== '/' && !returnTo.startsWith('/sign-in')
    ? `/sign-in?return_to=${encodeURIComponent(returnTo)}`
    : '/sign-in';
}

/** To a provider's sign-in (GitHub or the configured OIDC issuer), and back to `returnTo`. */
export function signInWith(provider: string, returnTo: string): void {
  flag(true);
  const query = new URLSearchParams({ provider, return_to: returnTo });
  window.location.assign(`/auth/login?${query.toString()}`);
}

/**
 * One click as a demo user (the embedded default only: the API refuses it anywhere else).
 * The session cookie comes with the answer; the page then reads who it is.
 */
export async function signInAsDemo(user: string): Promise<void> {
  const response = await fetch('/api/v1/auth/demo', {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ user }),
  });
  if (!response.ok) {
    const error = (await response.json().catch(() => ({}))) as { message?: string };
    throw new Error(error.message ?? `demo sign-in answered ${response.status}`);
  }
  flag(true);
  await restoreSession();
}

/**
 * Sign out: a form posting the session's CSRF token to /auth/logout (a POST, so no other
 * site can sign the user out with a link or an image), whose answer is the signed-out page.
 */
export function signOut(): void {
  flag(false);
  const form = document.createElement('form');
  form.method = 'post';
  form.action = '/auth/logout';
  const csrf = document.createElement('input');
  csrf.type = 'hidden';
  csrf.name = 'csrf';
  csrf.value = current?.csrfToken ?? '';
  form.append(csrf);
  document.body.append(form);
  form.submit();
}
