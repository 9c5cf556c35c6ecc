import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COMMUNITY_SETTINGS } from '../../src/community/index.ts';
import { applyRequestAction, submitRequest } from '../../src/onboarding/index.ts';
import { closedPort } from '../cli/helpers.ts';
import { AUTH } from '../server/helpers.ts';
import { developer, reviewer, validRequest } from '../support/fixtures.ts';
import { runnerFor, runUntil } from './delivery-setup.ts';
import { type ServedApi, serveTestApi } from './support.ts';

let api: ServedApi;
beforeAll(async () => {
  api = await serveTestApi();
});
afterAll(() => api.close());

const inject = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
  auth = true,
) => api.app.inject({ method, url, ...(auth && { headers: AUTH }), ...(payload && { payload }) });

describe('channels directory', () => {
  it('lists the seeded channels in order, publicly', async () => {
    const res = await inject('GET', '/api/v1/channels', undefined, false);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((c: { slug: string; kind: string }) => [c.slug, c.kind])).toEqual([
      ['operate-first-ops', 'chat'],
      ['operate-first-users', 'mailing-list'],
      ['openinfralabs', 'mailing-list'],
      ['oi-labs-board', 'board'],
    ]);
  });

  it('is edited by admins, checked, and refused to others', async () => {
    const body = {
      kind: 'chat',
      name: 'Matrix room',
      url: 'https://matrix.to/#/#operate-first:example.org',
      position: 5,
    };
    expect((await inject('PUT', '/api/v1/channels/matrix-room', body, false)).statusCode).toBe(401);
    const saved = await inject('PUT', '/api/v1/channels/matrix-room', body);
    expect(saved.statusCode, saved.body).toBe(200);
    const bad = await inject('PUT', '/api/v1/channels/matrix-room', {
      kind: 'chat',
      name: 'no url',
    });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'OPF_ERR_CHANNEL_INVALID']);
    const cli = await api.cli(['channels', 'list']);
    expect(cli.out).toContain('matrix-room');
    expect((await inject('DELETE', '/api/v1/channels/matrix-room')).statusCode).toBe(204);
    const gone = await inject('DELETE', '/api/v1/channels/matrix-room');
    expect([gone.statusCode, gone.json().code]).toEqual([404, 'OPF_ERR_CHANNEL_UNKNOWN']);
  });
});

describe('announcements over the API', () => {
  it('ops announce; delivery state per channel is public, with the error while it waits', async () => {
    expect(
      (await inject('POST', '/api/v1/announcements', { title: 't', body: 'b' }, false)).statusCode,
    ).toBe(401);
    await inject('PUT', '/api/v1/channels/operate-first-users', {
      kind: 'mailing-list',
      name: 'Operate-first-users (MOC)',
      address: 'operate-first-users@lists.example.org',
      position: 2,
      announce: true,
    });
    const run = await api.cli([
      'announce',
      '--kind',
      'upgrade',
      '--title',
      'OpenShift 4.x upgrade',
      '--body',
      'Tonight <b>22:00</b> UTC.',
      '--json',
    ]);
    expect(run.code, run.err).toBe(0);
    const { id } = JSON.parse(run.out) as { id: number };
    // The mail server is unreachable: the delivery waits, visibly, and is retried.
    const settings = {
      ...DEFAULT_COMMUNITY_SETTINGS,
      smtp: { host: '127.0.0.1', port: await closedPort(), secure: false, from: 'opf@opf.test' },
      timeoutMs: 1000,
    };
    const runner = runnerFor(api.database.db, settings);
    await runUntil(runner, async () => {
      const a = (await inject('GET', `/api/v1/announcements/${id}`, undefined, false)).json();
      return a.deliveries.length === 1 && a.deliveries[0].attempts >= 1;
    });
    const view = (await inject('GET', `/api/v1/announcements/${id}`, undefined, false)).json();
    expect(view.deliveries).toEqual([
      expect.objectContaining({
        channel: 'operate-first-users',
        transport: 'email',
        target: 'operate-first-users@lists.example.org',
        state: 'pending',
        lastError: expect.stringMatching(/ECONNREFUSED|connect/i),
      }),
    ]);
    const shown = await api.cli(['announcements', 'show', String(id)]);
    expect(shown.out).toMatch(/operate-first-users\s+email\s+pending\s+1/);
  });

  it('the Atom feed lists announcements, escaped', async () => {
    const res = await inject('GET', '/api/v1/feeds/announcements.atom', undefined, false);
    expect(res.headers['content-type']).toMatch(/^application\/atom\+xml/);
    expect(res.body).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
    );
    expect(res.body).toContain('<title>OpenShift 4.x upgrade</title>');
    expect(res.body).toContain('Tonight &lt;b&gt;22:00&lt;/b&gt; UTC.');
    expect(res.body).toMatch(/<id>tag:opf\.test,2026:announcement-\d+<\/id>/);
  });
});

describe('automatic announcements and the decisions feed', () => {
  const ctx = () => ({ db: api.database.db, publicUrl: 'http://opf.test' });

  it('an approval and an onboarding announce themselves once; switched off, they do not', async () => {
    const first = await submitRequest(ctx(), developer, validRequest('auto-one'));
    await applyRequestAction(ctx(), reviewer, first.id, 'start-review');
    await applyRequestAction(ctx(), reviewer, first.id, 'approve');
    const on = runnerFor(api.database.db, DEFAULT_COMMUNITY_SETTINGS);
    const titles = async () =>
      (
        (await inject('GET', '/api/v1/announcements', undefined, false)).json().items as {
          title: string;
        }[]
      ).map((a) => a.title);
    await runUntil(on, async () => (await titles()).some((t) => t.includes('auto-one')));
    for (let i = 0; i < 3; i++) await on.runDue();
    expect((await titles()).filter((t) => t.includes('auto-one'))).toEqual([
      'Project auto-one (auto-one) is approved',
    ]);

    const off = runnerFor(api.database.db, {
      ...DEFAULT_COMMUNITY_SETTINGS,
      autoAnnounce: { approved: false, onboarded: true },
    });
    const second = await submitRequest(ctx(), developer, validRequest('auto-two'));
    await applyRequestAction(ctx(), reviewer, second.id, 'start-review');
    await applyRequestAction(ctx(), reviewer, second.id, 'approve');
    for (let i = 0; i < 3; i++) await off.runDue();
    expect((await titles()).some((t) => t.includes('auto-two'))).toBe(false);
  });

  it('the decisions feed has approvals and rejections with their reasons', async () => {
    const third = await submitRequest(ctx(), developer, validRequest('auto-three'));
    await applyRequestAction(ctx(), reviewer, third.id, 'start-review');
    await applyRequestAction(ctx(), reviewer, third.id, 'reject', {
      reason: 'Not a fit for a <production> cloud.',
    });
    const res = await inject('GET', '/api/v1/feeds/decisions.atom', undefined, false);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<title>auto-three (request ${third.id}): rejected</title>`);
    expect(res.body).toContain('Not a fit for a &lt;production&gt; cloud.');
    expect(res.body).toMatch(/<title>auto-one \(request \d+\): approved<\/title>/);
  });
});
