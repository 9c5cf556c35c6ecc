import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentJobs } from '../../src/incidents/index.ts';
import { JobRunner } from '../../src/jobs/index.ts';
import { AUTH } from '../server/helpers.ts';
import { type IncidentApi, openIncidentApi, PUBLIC_URL } from './support.ts';

/**
 * A mocked GitHub issues API (GitHub cannot be reached from the test machines): it keeps
 * issues and comments as GitHub would and answers in GitHub's documented shapes.
 */
function mockedGitHub() {
  const issues = new Map<
    number,
    { title: string; body: string; state: string; labels: string[]; comments: string[] }
  >();
  const calls: string[] = [];
  let failNext = 0;
  const fetchImpl = async (
    input: string | URL | Request,
    init?: RequestInit,
  ): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = init?.body ? JSON.parse(String(init.body)) : {};
    calls.push(`${method} ${url.pathname}`);
    expect(new Headers(init?.headers).get('authorization')).toBe('token ghp_mirror');
    if (failNext > 0) {
      failNext -= 1;
      return Response.json({ message: 'Server Error' }, { status: 502 });
    }
    const json = (status: number, data: unknown) => Response.json(data, { status });
    const base = '/repos/operate-first/incidents/issues';
    if (method === 'POST' && url.pathname === base) {
      const number = issues.size + 1;
      issues.set(number, {
        title: body.title,
        body: body.body,
        state: 'open',
        labels: body.labels,
        comments: [],
      });
      return json(201, {
        number,
        html_url: `https://github.com/operate-first/incidents/issues/${number}`,
        state: 'open',
      });
    }
    const comment = new RegExp(`^${base}/(\\d+)/comments$`).exec(url.pathname);
    if (method === 'POST' && comment) {
      issues.get(Number(comment[1]))!.comments.push(body.body);
      return json(201, { id: Date.now(), body: body.body });
    }
    const issue = new RegExp(`^${base}/(\\d+)$`).exec(url.pathname);
    if (method === 'PATCH' && issue) {
      const found = issues.get(Number(issue[1]))!;
      Object.assign(found, { title: body.title, body: body.body, state: body.state });
      return json(200, { number: Number(issue[1]), state: body.state });
    }
    return json(404, { message: 'Not Found' });
  };
  return { issues, calls, fetch: fetchImpl as typeof fetch, failOnce: () => (failNext = 1) };
}

let api: IncidentApi;
let runner: JobRunner;
const github = mockedGitHub();

beforeAll(async () => {
  api = await openIncidentApi({ mirror: true });
  runner = new JobRunner({
    db: api.database.db,
    handlers: incidentJobs(
      { db: api.database.db, publicUrl: PUBLIC_URL, mirror: true },
      {
        alertmanagerToken: undefined,
        github: {
          repo: 'operate-first/incidents',
          token: 'ghp_mirror',
          labels: ['incident', 'opf'],
        },
      },
      github.fetch,
    ),
    backoffBaseMs: 10,
    backoffMaxMs: 20,
  });
});
afterAll(() => api?.close());

/** Run the due mirror jobs until none is left (retries included); bounded. */
async function drain(): Promise<void> {
  for (let round = 0; round < 50; round++) {
    await runner.runDue();
    const pending = await api.database.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'incidents.mirror')
      .where('state', '=', 'pending')
      .execute();
    if (pending.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  throw new Error('mirror jobs still pending');
}

describe('incidents mirrored to GitHub issues (mocked GitHub)', () => {
  let id: number;

  it('a declared incident opens one issue with its labels and posts its timeline', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: AUTH,
      payload: { title: 'DNS flaps', severity: 'minor', body: 'Looking into it.', announce: false },
    });
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
    await drain();
    expect([...github.issues.values()]).toEqual([
      expect.objectContaining({
        title: '[minor] DNS flaps',
        state: 'open',
        labels: ['incident', 'opf'],
        comments: [expect.stringContaining('Looking into it.')],
      }),
    ]);
    expect(github.issues.get(1)!.body).toContain(`${PUBLIC_URL}/incidents/${id}`);
    const detail = (await api.app.inject({ url: `/api/v1/incidents/${id}` })).json();
    expect(detail.githubIssue).toBe('https://github.com/operate-first/incidents/issues/1');
  });

  it('an update after a GitHub failure is posted once, on the retry', async () => {
    github.failOnce();
    await api.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${id}/updates`,
      headers: AUTH,
      payload: { body: 'Resolver restarted.', announce: false },
    });
    await drain();
    expect(github.issues.get(1)!.comments).toEqual([
      expect.stringContaining('Looking into it.'),
      expect.stringContaining('Resolver restarted.'),
    ]);
  });

  it('resolving closes the issue; no second issue is ever opened', async () => {
    await api.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${id}/resolve`,
      headers: AUTH,
      payload: { body: 'Stable for an hour.', announce: false },
    });
    await drain();
    expect(github.issues.size).toBe(1);
    expect(github.issues.get(1)).toMatchObject({ state: 'closed', title: '[minor] DNS flaps' });
    expect(github.issues.get(1)!.comments).toHaveLength(3);
    expect(
      github.calls.filter((c) => c === 'POST /repos/operate-first/incidents/issues'),
    ).toHaveLength(1);
  });
});
