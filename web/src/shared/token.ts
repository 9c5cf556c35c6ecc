import { useSyncExternalStore } from 'react';

// Until sign-in sessions land, a pasted API token stands in: kept for this tab only.
const KEY = 'opf.apiToken';
const listeners = new Set<() => void>();

export function getToken(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function setToken(token: string | undefined): void {
  try {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage refused: nothing to keep
  }
  for (const listener of listeners) listener();
}

export function useToken(): string | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getToken,
    () => undefined,
  );
}
