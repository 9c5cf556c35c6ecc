import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRequestDetail, submitRequest } from '../../src/onboarding/index.ts';
import { AUTH } from '../server/helpers.ts';
import { developer, validRequest } from '../support/fixtures.ts';
import { type ServedApi, serveTestApi } from './support.ts';

let api: ServedApi;
beforeAll(async () => {
  api = await serveTestApi();
});
afterAll(() => api.close());

const ctx = () => ({ db: api.database.db, publicUrl: 'http://opf.test' });
type Item = {
  id: number | null;
  kind: string;
  requestId: number | null;
  title: string;
  decision: string | null;
};

describe('agenda and minutes of the coordination meeting', () => {
  it('lists requests in review and added items, shows newcomers; a decision performs the review action', async () => {
    const request = await submitRequest(ctx(), developer, validRequest('agenda-lab'));
    await api.app.inject({
      method: 'POST',
      url: '/api/v1/meetings/coordination/invitations',
      payload: { email: 'erin@example.org', name: 'Erin (agenda-lab)' },
    });
    const next = (await api.app.inject('/api/v1/meetings/coordination/agenda')).json();
    const date = next.occurrence.date as string;
    expect(next.items).toEqual([
      expect.objectContaining({
        id: null,
        kind: 'request',
        requestId: request.id,
        title: expect.stringContaining('agenda-lab'),
      }),
    ]);
    expect(next.newcomers).toEqual([expect.objectContaining({ name: 'Erin (agenda-lab)' })]);

    // Adding needs a signed-in user.
    const anonymous = await api.app.inject({
      method: 'POST',
      url: `/api/v1/meetings/coordination/agenda/${date}/items`,
      payload: { title: 'GPU nodes on smaug?' },
    });
    expect(anonymous.statusCode).toBe(401);
    const added = await api.cli([
      'meetings',
      'add-item',
      'coordination',
      date,
      '--title',
      'GPU nodes on smaug?',
    ]);
    expect(added.code, added.err).toBe(0);

    const review = await api.cli([
      'meetings',
      'decide',
      'coordination',
      date,
      '--request',
      String(request.id),
      '--action',
      'start-review',
      '--decision',
      'Brought to the meeting; review started',
    ]);
    expect(review.code, review.err).toBe(0);
    const approve = await api.app.inject({
      method: 'POST',
      url: `/api/v1/meetings/coordination/agenda/${date}/decisions`,
      headers: AUTH,
      payload: {
        requestId: request.id,
        action: 'approve',
        decision: 'Approved: fits the cloud, team of two',
      },
    });
    expect(approve.statusCode, approve.body).toBe(200);
    const detail = await getRequestDetail(ctx(), request.id);
    expect(detail.request.state).toBe('approved');
    expect(detail.history.at(-1)).toMatchObject({
      action: 'request.approve',
      reason: `Operate First Project Coordination meeting, ${date}: Approved: fits the cloud, team of two`,
    });

    const agenda = (
      await api.app.inject(`/api/v1/meetings/coordination/agenda?date=${date}`)
    ).json();
    expect(agenda.items.map((i: Item) => [i.kind, i.title, i.decision])).toEqual([
      ['topic', 'GPU nodes on smaug?', null],
      ['request', expect.stringContaining('agenda-lab'), 'Approved: fits the cloud, team of two'],
    ]);
  });

  it('ops record attendance and minutes; past agendas and minutes are public', async () => {
    const next = (await api.app.inject('/api/v1/meetings/coordination/agenda')).json();
    const date = next.occurrence.date as string;
    const denied = await api.app.inject({
      method: 'PUT',
      url: `/api/v1/meetings/coordination/agenda/${date}/minutes`,
      payload: { attendance: ['x'] },
    });
    expect(denied.statusCode).toBe(401);
    const recorded = await api.cli([
      'meetings',
      'minutes',
      'coordination',
      date,
      '--attendee',
      'Bill',
      'Lars',
      'Erin',
      '--text',
      'agenda-lab approved.',
    ]);
    expect(recorded.code, recorded.err).toBe(0);
    const minutes = (await api.app.inject('/api/v1/meetings/coordination/minutes')).json();
    expect(minutes.items).toEqual([
      expect.objectContaining({
        date,
        attendance: ['Bill', 'Lars', 'Erin'],
        minutes: 'agenda-lab approved.',
      }),
    ]);
    const agenda = (
      await api.app.inject(`/api/v1/meetings/coordination/agenda?date=${date}`)
    ).json();
    expect(agenda.record).toMatchObject({ attendance: ['Bill', 'Lars', 'Erin'] });
    expect(agenda.items.every((i: Item) => i.id !== null)).toBe(true);
  });

  it('a date the meeting does not meet on has no agenda', async () => {
    const res = await api.app.inject('/api/v1/meetings/coordination/agenda?date=2020-01-01');
    expect([res.statusCode, res.json().code]).toEqual([400, 'OPF_ERR_MEETING_NOT_AN_OCCURRENCE']);
    const item = await api.app.inject({
      method: 'POST',
      url: '/api/v1/meetings/coordination/agenda/2020-01-08/decisions',
      headers: AUTH,
      payload: { itemId: 999999, decision: 'x' },
    });
    expect([item.statusCode, item.json().code]).toEqual([404, 'OPF_ERR_AGENDA_ITEM_UNKNOWN']);
  });
});
