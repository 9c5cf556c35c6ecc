import { validRequest } from '../../support/fixtures.ts';
import { type Answer, api, pause } from './opf.ts';

/** States after an approval: the delivery job has it (or has done it). */
const APPROVED = ['approved', 'provisioning', 'active'];

export interface DriveStats {
  /** Calls that got an answer. */
  answered: number;
  /** Calls that died with the server (connection refused or reset). */
  lost: number;
  /** Answers of 500 or more: none is allowed. */
  serverErrors: string[];
}

export const newStats = (): DriveStats => ({ answered: 0, lost: 0, serverErrors: [] });

/**
 * Take project `name` from nothing to approved through whichever server `pick` names, as a
 * client that is not sure what its last call did (the server may die mid-call) would: look
 * at the request's state, take the next step, and look again. Returns the request's id.
 */
export async function driveOnboarding(
  pick: () => string,
  name: string,
  stats: DriveStats,
  deadlineMs = 180_000,
): Promise<number> {
  const deadline = Date.now() + deadlineMs;
  const call = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Answer | undefined> => {
    try {
      const answer = await api(pick(), method, path, body);
      stats.answered += 1;
      if (answer.status >= 500)
        stats.serverErrors.push(
          `${method} ${path}: ${answer.status} ${JSON.stringify(answer.json)}`,
        );
      return answer;
    } catch {
      stats.lost += 1;
      await pause(100);
      return undefined;
    }
  };
  while (Date.now() < deadline) {
    const found = await call('GET', `/api/v1/requests?project=${name}`);
    if (found?.status !== 200) continue;
    const request = (found.json.items as { id: number; state: string; projectName: string }[]).find(
      (r) => r.projectName === name,
    );
    if (!request) {
      // 201, or 409 when an earlier call (whose answer was lost) created it: look again.
      await call('POST', '/api/v1/requests', validRequest(name));
      continue;
    }
    if (APPROVED.includes(request.state)) return request.id;
    if (request.state === 'submitted')
      await call('POST', `/api/v1/requests/${request.id}/start-review`, {});
    else if (request.state === 'in-review')
      await call('POST', `/api/v1/requests/${request.id}/approve`, {});
    else throw new Error(`request ${request.id} (${name}) is ${request.state}: not expected`);
  }
  throw new Error(`${name} was not approved within ${deadlineMs / 1000} s`);
}

/** The state of every request, by id, from one server. */
export async function requestStates(base: string): Promise<Map<number, string>> {
  const states = new Map<number, string>();
  for (let offset = 0; ; offset += 100) {
    const page = await api(base, 'GET', `/api/v1/requests?limit=100&offset=${offset}`);
    if (page.status !== 200) throw new Error(`listing requests: ${page.status}`);
    for (const r of page.json.items as { id: number; state: string }[]) states.set(r.id, r.state);
    if (offset + 100 >= page.json.total) return states;
  }
}

/** Run `work` over `items` with at most `limit` at once. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}
