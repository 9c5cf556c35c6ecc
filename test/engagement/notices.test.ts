import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_TERMS } from '../../src/core/index.ts';
import {
  DEFAULT_ENGAGEMENT_SETTINGS,
  type EngagementContext,
  NO_INCIDENT_SOURCE,
  proposeForInactive,
  remindUnansweredNotices,
} from '../../src/engagement/index.ts';
import { applyRequestAction, submitRequest } from '../../src/onboarding/index.ts';
import { buildApp } from '../../src/server/index.ts';
import type { Database } from '../../src/store/index.ts';
import { TEST_IDENTITY_CONFIG, tokenFor } from '../identity/principals.ts';
import { ADMIN_TOKEN, AUTH, expectError } from '../server/helpers.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';
import { developer, reviewer, validRequest } from '../support/fixtures.ts';

const DAY = 86_400_000;

describe(`notices, terms re-acceptance and engagement records over a moving clock (${testDatabaseKind()})`, () => {
  let database: Database;
  let app: FastifyInstance;
  let ctx: EngagementContext;
  // From the real time: activations and sign-ins are stamped by the database's clock.
  let now = Date.now();
  const clock = () => new Date(now);
  const headers: Record<string, Record<string, string>> = {};

  /** An active project without a delivery job: the admin's system transitions. */
  async function activeProject(name: string, clusters: string[]) {
    const c = { db: database.db, publicUrl: 'http://opf.test', now: clock };
    const r = await submitRequest(
      c,
      developer,
      validRequest(name, {
        team: { name, owner: 'Alice-Dev', members: ['Alice-Dev', `${name}-dev`] },
        namespaces: clusters.map((cluster, i) => ({
          name: `${name}-${i}`,
          cluster,
          tier: 'small',
          limitRange: true,
          monitoring: false,
        })),
      }),
    );
    for (const action of ['start-review', 'approve', 'provision', 'activate'] as const)
      await applyRequestAction(c, reviewer, r.id, action);
    return r.id;
  }

  beforeAll(async () => {
    database = await openTestDatabase();
    ctx = {
      db: database.db,
      publicUrl: 'http://opf.test',
      now: clock,
      settings: DEFAULT_ENGAGEMENT_SETTINGS,
      incidents: NO_INCIDENT_SOURCE,
    };
    app = await buildApp({
      db: database.db,
      databaseKind: testDatabaseKind(),
      publicUrl: 'http://opf.test',
      adminToken: ADMIN_TOKEN,
      identity: { config: TEST_IDENTITY_CONFIG },
      engagement: { settings: DEFAULT_ENGAGEMENT_SETTINGS, now: clock },
    });
    await app.ready();
    await activeProject('alpha', ['moc/smaug']);
    await activeProject('beta', ['moc/infra']);
    // Both teams act once at the start: the clock of idleness starts here.
    for (const login of ['alpha-dev', 'beta-dev', 'ops-olga'])
      headers[login] = { authorization: `Bearer ${await tokenFor(database.db, login)}` };
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const call = (method: 'GET' | 'POST', url: string, who?: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: who ? headers[who] : {},
      ...(payload && { payload }),
    });
  /** The team member uses their API token at the simulated time (what authentication stamps). */
  const actsAt = (login: string) =>
    database.db
      .updateTable('api_tokens')
      .set({ last_used_at: new Date(now) })
      .where('owner_key', '=', login)
      .execute();
  const status = async (project: string) =>
    (await call('GET', `/api/v1/projects/${project}/engagement`)).json();

  it('a notice acknowledged by one project and not the other shows exactly that', async () => {
    const posted = await call('POST', '/api/v1/notices', 'ops-olga', {
      kind: 'upgrade',
      title: 'OpenShift 4.18 upgrade on 2027-05-20',
      body: 'Workloads restart once during the window.',
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const notice = posted.json();
    expect(notice.recipients.map((r: { project: string }) => r.project)).toEqual(['alpha', 'beta']);
    expect(Date.parse(notice.respondBy) - now).toBe(14 * DAY);

    now += DAY;
    expectError(
      await call('POST', `/api/v1/projects/alpha/notices/${notice.id}/acknowledge`, 'beta-dev', {}),
      403,
      'OPF_ERR_AUTH_NOT_MEMBER',
    );
    const ack = await call(
      'POST',
      `/api/v1/projects/alpha/notices/${notice.id}/acknowledge`,
      'alpha-dev',
    );
    expect(ack.statusCode, ack.body).toBe(200);
    // A second answer changes nothing.
    const again = await call(
      'POST',
      `/api/v1/projects/alpha/notices/${notice.id}/acknowledge`,
      'alpha-dev',
      {},
    );
    expect(again.json().acknowledgedAt).toBe(ack.json().acknowledgedAt);

    const shown = (await call('GET', `/api/v1/notices/${notice.id}`)).json();
    expect(shown.recipients).toEqual([
      {
        project: 'alpha',
        requestId: expect.any(Number),
        acknowledgedBy: 'alpha-dev',
        acknowledgedAt: new Date(now).toISOString(),
        waitingSince: null,
        overdue: false,
      },
      {
        project: 'beta',
        requestId: expect.any(Number),
        acknowledgedBy: null,
        acknowledgedAt: null,
        waitingSince: notice.postedAt,
        overdue: false,
      },
    ]);
    const listed = (await call('GET', '/api/v1/notices?status=open')).json();
    expect(listed.items[0]).toMatchObject({ id: notice.id, recipients: 2, acknowledged: 1 });

    // Reminders: after OPF_NOTICE_REMINDER_HOURS, one per unanswered notice, naming beta only.
    expect(await remindUnansweredNotices(ctx)).toEqual([]);
    now += DEFAULT_ENGAGEMENT_SETTINGS.reminderHours * 3_600_000;
    expect(await remindUnansweredNotices(ctx)).toEqual([notice.id]);
    expect(await remindUnansweredNotices(ctx)).toEqual([]);
    const jobs = await database.db
      .selectFrom('jobs')
      .select('payload')
      .where('kind', '=', 'engagement.notice-announce')
      .execute();
    expect(jobs.map((j) => (j.payload as { reminder: string | null }).reminder)).toEqual([
      null,
      new Date(now).toISOString(),
    ]);

    // Past its date: beta is at risk for it, alpha (which answered) is not.
    now = Date.parse(notice.respondBy);
    await actsAt('alpha-dev');
    await actsAt('beta-dev');
    expect((await status('alpha')).status).toBe('engaged');
    const beta = await status('beta');
    expect(beta.status).toBe('at-risk');
    expect(beta.reasons.map((r: { code: string }) => r.code)).toEqual(['notice-unanswered']);
    expect(beta.signals.unansweredNotices.map((n: { id: number }) => n.id)).toEqual([notice.id]);
    expect(beta.signals.incidents).toEqual({ measured: true, items: [] });
    // Closing the notice ends it: no more reasons, no more answers.
    await call('POST', `/api/v1/notices/${notice.id}/close`, 'ops-olga');
    expect((await status('beta')).status).toBe('engaged');
    expectError(
      await call('POST', `/api/v1/projects/beta/notices/${notice.id}/acknowledge`, 'beta-dev'),
      409,
      'OPF_ERR_NOTICE_CLOSED',
    );
  });

  it('a notice for one cluster reaches only the projects on it; bad input is refused with a code', async () => {
    expectError(
      await call('POST', '/api/v1/notices', 'ops-olga', {
        title: 'x',
        body: 'y',
        clusters: ['moc/nope'],
      }),
      400,
      'OPF_ERR_CLUSTER_UNKNOWN',
    );
    expectError(
      await call('POST', '/api/v1/notices', 'alpha-dev', { title: 'x', body: 'y' }),
      403,
      'OPF_ERR_FORBIDDEN',
    );
    expectError(
      await call('POST', '/api/v1/notices', 'ops-olga', { title: ' ', body: 'y' }),
      400,
      'OPF_ERR_VALIDATION',
    );
    expectError(
      await call('POST', '/api/v1/notices', 'ops-olga', {
        title: 'x',
        body: 'y',
        respondBy: new Date(now - DAY).toISOString(),
      }),
      400,
      'OPF_ERR_VALIDATION',
    );
    const posted = await call('POST', '/api/v1/notices', 'ops-olga', {
      kind: 'maintenance',
      title: 'Storage maintenance on infra',
      body: 'Ceph moves.',
      clusters: ['MOC/Infra'],
    });
    expect(posted.statusCode, posted.body).toBe(201);
    expect(posted.json().clusters).toEqual(['moc/infra']);
    expect(posted.json().recipients.map((r: { project: string }) => r.project)).toEqual(['beta']);
    expectError(
      await call(
        'POST',
        `/api/v1/projects/alpha/notices/${posted.json().id}/acknowledge`,
        'alpha-dev',
      ),
      409,
      'OPF_ERR_NOTICE_NOT_ADDRESSED',
    );
    await call('POST', `/api/v1/projects/beta/notices/${posted.json().id}/acknowledge`, 'beta-dev');
    expectError(await call('GET', '/api/v1/notices/999999'), 404, 'OPF_ERR_NOT_FOUND');
  });

  it('new terms: every active project is asked to re-accept; not re-accepted in time → at risk', async () => {
    const publish = (version: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/terms',
        headers: AUTH,
        payload: { version, items: SEED_TERMS.items, summary: 'Telemetry is kept for two years.' },
      });
    expectError(await publish(SEED_TERMS.version), 409, 'OPF_ERR_TERMS_VERSION_EXISTS');
    expectError(
      await app.inject({
        method: 'POST',
        url: '/api/v1/terms',
        headers: headers['ops-olga']!,
        payload: {},
      }),
      403,
      'OPF_ERR_FORBIDDEN',
    );
    const published = await publish('2027-05');
    expect(published.statusCode, published.body).toBe(201);
    const notice = published.json().notice;
    expect(notice).toMatchObject({ kind: 'terms', termsVersion: '2027-05' });
    expect(Date.parse(notice.respondBy) - now).toBe(30 * DAY);
    expect((await call('GET', '/api/v1/terms/current')).json().version).toBe('2027-05');

    expectError(
      await call(
        'POST',
        `/api/v1/projects/alpha/notices/${notice.id}/acknowledge`,
        'alpha-dev',
        {},
      ),
      400,
      'OPF_ERR_NOTICE_TERMS_NOT_ACCEPTED',
    );
    const ok = await call(
      'POST',
      `/api/v1/projects/alpha/notices/${notice.id}/acknowledge`,
      'alpha-dev',
      {
        acceptTerms: true,
      },
    );
    expect(ok.statusCode, ok.body).toBe(200);
    now = Date.parse(notice.respondBy) - 1;
    await actsAt('alpha-dev');
    await actsAt('beta-dev');
    expect((await status('beta')).status).toBe('engaged');
    now += 1;
    const alpha = await status('alpha');
    expect(alpha).toMatchObject({
      status: 'engaged',
      signals: { terms: { current: '2027-05', accepted: '2027-05' } },
    });
    const beta = await status('beta');
    expect(beta.status).toBe('at-risk');
    expect(beta.reasons.map((r: { code: string }) => r.code)).toEqual(['terms-not-reaccepted']);
    expect(beta.signals.terms).toEqual({ current: '2027-05', accepted: SEED_TERMS.version });
    const atRisk = (await call('GET', '/api/v1/engagement?status=at-risk')).json();
    expect(atRisk.items.map((r: { project: string }) => r.project)).toEqual(['beta']);
  });

  it('idle teams: at risk, then inactive, and the sweep proposes offboarding the inactive one', async () => {
    now += 31 * DAY;
    await actsAt('alpha-dev');
    expect((await status('alpha')).status).toBe('engaged');
    expect((await status('beta')).reasons.map((r: { code: string }) => r.code)).toContain('idle');
    now += 60 * DAY;
    await actsAt('alpha-dev');
    const beta = await status('beta');
    expect(beta.status).toBe('inactive');
    expect(beta.reasons[0].text).toMatch(/^no sign of life from the team since \d{4}-\d{2}-\d{2}/);
    const proposed = await proposeForInactive(ctx);
    expect(proposed).toEqual([beta.requestId]);
    expect(await proposeForInactive(ctx)).toEqual([]);
    expect((await status('beta')).offboarding).toMatchObject({
      state: 'open',
      proposedBy: 'system:engagement',
      byProject: false,
    });
  });

  it('the list of every record (read for all projects at once) says what each project’s own record says', async () => {
    const all = (await call('GET', '/api/v1/engagement')).json();
    expect(all.items.map((r: { project: string }) => r.project)).toEqual(['beta', 'alpha']);
    for (const record of all.items) expect(record).toEqual(await status(record.project));
    // The two differ where their signals differ: the list did not give one project's to both.
    const [beta, alpha] = all.items;
    expect(beta.offboarding).not.toBeNull();
    expect(alpha.offboarding).toBeNull();
    expect(beta.signals.lastActivityAt).not.toEqual(alpha.signals.lastActivityAt);
  });

  it('a limit gives the worst records first and still counts them all; a bad limit is refused', async () => {
    const first = (await call('GET', '/api/v1/engagement?limit=1')).json();
    expect(first.items.map((r: { project: string }) => r.project)).toEqual(['beta']);
    expect(first.total).toBe(2);
    const engaged = (await call('GET', '/api/v1/engagement?status=engaged&limit=5')).json();
    expect(engaged.total).toBe(engaged.items.length);
    for (const bad of ['0', '1001', '-1', '1e2', 'ten'])
      expectError(await call('GET', `/api/v1/engagement?limit=${bad}`), 400, 'OPF_ERR_VALIDATION');
  });
});
