import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRequestDetail } from '../../src/onboarding/index.ts';
import { appendAuditEvent, insertDelivery, insertTermsAcceptance } from '../../src/store/index.ts';
import { validRequest } from '../support/fixtures.ts';
import { expectError, get, openTestApi, post, type TestApi } from './helpers.ts';

interface Event {
  id: number;
  action: string;
}

describe('a request with a long history', () => {
  let api: TestApi;
  let id: number;
  let allIds: number[];

  beforeAll(async () => {
    api = await openTestApi();
    const created = await post(api.app, '/api/v1/requests', validRequest('long-story'));
    expect(created.statusCode).toBe(201);
    id = created.json().id;
    // 130 more events, with a restricted one among them that the public never sees.
    for (let n = 0; n < 130; n += 1)
      await appendAuditEvent(
        { tx: api.database.db },
        {
          actor: 'ops-reviewer',
          action: n === 7 ? 'request.secret-note' : `request.note-${n}`,
          subjectType: 'request',
          subjectId: String(id),
          visibility: n === 7 ? 'restricted' : 'public',
        },
      );
    const rows = await api.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('subject_type', '=', 'request')
      .where('subject_id', '=', String(id))
      .where('visibility', '=', 'public')
      .orderBy('id')
      .execute();
    allIds = rows.map((row) => row.id);
  });
  afterAll(() => api.close());

  it('shows the newest fifty events in its detail, oldest first, and says how many there are', async () => {
    const detail = (await get(api.app, `/api/v1/requests/${id}`)).json();
    expect(detail.historyTotal).toBe(allIds.length);
    expect(detail.history.map((e: Event) => e.id)).toEqual(allIds.slice(-50));
  });

  it('pages back through the rest, each event once, until nothing is left', async () => {
    const detail = (await get(api.app, `/api/v1/requests/${id}`)).json();
    const seen: number[] = detail.history.map((e: Event) => e.id);
    let before: number | null = seen[0]!;
    let pages = 0;
    while (before !== null) {
      const page: { items: Event[]; total: number; nextBefore: number | null } = (
        await get(api.app, `/api/v1/requests/${id}/history?before=${before}&limit=30`)
      ).json();
      expect(page.total).toBe(allIds.length);
      seen.unshift(...page.items.map((e: Event) => e.id));
      before = page.nextBefore;
      pages += 1;
    }
    expect(seen).toEqual(allIds);
    expect(pages).toBe(Math.ceil((allIds.length - 50) / 30));
    expect(seen.some((eventId) => Number.isNaN(eventId))).toBe(false);
  });

  it('never shows a restricted event', async () => {
    const page = (await get(api.app, `/api/v1/requests/${id}/history?limit=500`)).json();
    expect(page.items.map((e: Event) => e.action)).not.toContain('request.secret-note');
    expect(page.items).toHaveLength(allIds.length);
    expect(page.nextBefore).toBeNull();
  });

  it('refuses a bad page with a stable code, and an unknown request with 404', async () => {
    expectError(
      await get(api.app, `/api/v1/requests/${id}/history?limit=501`),
      400,
      'OPF_ERR_VALIDATION',
    );
    expectError(
      await get(api.app, `/api/v1/requests/${id}/history?before=abc`),
      400,
      'OPF_ERR_VALIDATION',
    );
    expectError(
      await get(api.app, `/api/v1/requests/${id}/history?page=2`),
      400,
      'OPF_ERR_UNKNOWN_KEY',
    );
    expectError(await get(api.app, '/api/v1/requests/999999/history'), 404, 'OPF_ERR_NOT_FOUND');
  });

  it('carries the newest ten terms acceptances and lists them all on their own route', async () => {
    for (let n = 0; n < 14; n += 1)
      await insertTermsAcceptance(
        { tx: api.database.db },
        { requestId: id, actor: `editor-${n}`, version: '2026-11', accepted: ['no-sla'] },
      );
    const detail = (await get(api.app, `/api/v1/requests/${id}`)).json();
    const all = (await get(api.app, `/api/v1/requests/${id}/terms-acceptances`)).json().items;
    expect(detail.termsAcceptancesTotal).toBe(all.length);
    expect(all.length).toBe(15); // the submission's own, and the fourteen above
    expect(all[0].actor).toBe('admin');
    expect(detail.termsAcceptances).toEqual(all.slice(-10));
    expectError(
      await get(api.app, '/api/v1/requests/999999/terms-acceptances'),
      404,
      'OPF_ERR_NOT_FOUND',
    );
  });

  it('reads the detail in one statement, with what the parts’ own routes show', async () => {
    await post(api.app, `/api/v1/requests/${id}/comments`, { body: 'First look' });
    await insertDelivery(
      { tx: api.database.db },
      {
        requestId: id,
        mode: 'pull-request',
        outcome: 'proposed',
        commitSha: 'abc123',
        branch: 'opf/long-story',
        pullRequestUrl: null,
        message: null,
      },
    );
    let statements = 0;
    const counting = api.database.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        statements += 1;
        return args.result;
      },
    });
    const detail = await getRequestDetail({ db: counting, publicUrl: 'http://opf.test' }, id);
    // The detail's one statement, and the team owner's consent beside it (sent together,
    // Promise.all: one round trip of waiting). Folding the consent into the statement is owed.
    expect(statements).toBe(2);
    const history = (await get(api.app, `/api/v1/requests/${id}/history?limit=50`)).json();
    const comments = (await get(api.app, `/api/v1/requests/${id}/comments`)).json();
    expect(detail.history).toEqual(history.items);
    expect(detail.historyTotal).toBe(history.total);
    expect(detail.comments).toEqual(comments.items);
    expect(detail.comments.map((c) => c.body)).toContain('First look');
    expect(detail.deliveries).toEqual([
      expect.objectContaining({ requestId: id, outcome: 'proposed', commitSha: 'abc123' }),
    ]);
    expect(detail.deliveries[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(detail.request).toEqual((await get(api.app, `/api/v1/requests/${id}`)).json().request);
  });
});
