import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Exchange {
  name: string;
  request: {
    method: string;
    path: string;
    query?: Record<string, string>;
    body?: Record<string, unknown>;
  };
  response: { status: number; body: unknown };
}

const contract = JSON.parse(
  readFileSync(join(import.meta.dirname, '../forge/github-contract.json'), 'utf8'),
) as {
  exchanges: Exchange[];
};

/**
 * A fetch that answers from the recorded GitHub contract. A request the contract does not
 * hold fails the test: the adapter may only make calls GitHub was seen to answer.
 */
export function recordedGitHubFetch(
  calls: { method: string; url: string; body: unknown; auth: string | null }[] = [],
) {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const headers = new Headers(init?.headers);
    calls.push({ method, url: url.toString(), body, auth: headers.get('authorization') });
    const match = contract.exchanges.find(
      (e) =>
        e.request.method === method &&
        e.request.path === url.pathname &&
        Object.entries(e.request.query ?? {}).every(([k, v]) => url.searchParams.get(k) === v) &&
        Object.entries(e.request.body ?? {}).every(([k, v]) => body?.[k] === v),
    );
    if (!match)
      throw new Error(
        `not in the recorded contract: ${method} ${url.pathname}${url.search} ${JSON.stringify(body ?? '')}`,
      );
    return new Response(JSON.stringify(match.response.body), {
      status: match.response.status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  };
}
