import { getSession } from './session.ts';
import { getToken } from './token.ts';

export interface ErrorDetail {
  path?: string;
  message: string;
  code?: string;
}

/** The API's error answer `{ code, message, details }`, as thrown to the page. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const token = getToken();
  // A bearer token needs no CSRF token; a session cookie does.
  const csrf = token ? undefined : getSession()?.csrfToken;
  const response = await fetch(path, {
    method,
    headers: {
      accept: 'application/json',
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(token && { authorization: `Bearer ${token}` }),
      ...(csrf && { 'x-csrf-token': csrf }),
      ...extraHeaders,
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const json = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) {
    const error = (json ?? {}) as { code?: string; message?: string; details?: ErrorDetail[] };
    throw new ApiError(
      response.status,
      error.code ?? 'OPF_ERR_HTTP',
      error.message ?? `${method} ${path} answered ${response.status}`,
      error.details ?? [],
    );
  }
  return json as T;
}

/** Paths are relative to the page's origin: no absolute URLs. */
export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
  delete: <T>(path: string) => call<T>('DELETE', path),
  /** A replacement guarded by the version it was made from (If-Match): a newer one answers 409. */
  put: <T>(path: string, body: unknown, version: number) =>
    call<T>('PUT', path, body, { 'if-match': `"${version}"` }),
  /** A replacement the API does not guard by version (minutes, a post-mortem): the last writer wins. */
  replace: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
};

export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Whether the API refused because the request moved on since the page read it (another
 * edit, or another action): then reloading and acting again is the answer. Other 409s (a
 * taken name) are about what was sent, and belong at their field.
 */
export function isStale(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    (error.code === 'OPF_ERR_VERSION_CONFLICT' || error.code === 'OPF_ERR_TRANSITION_ILLEGAL')
  );
}
