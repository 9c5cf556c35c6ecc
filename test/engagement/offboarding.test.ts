import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityJobs, DEFAULT_COMMUNITY_SETTINGS } from '../../src/community/index.ts';
import { syncWorkspace } from '../../src/delivery/index.ts';
import {
  DEFAULT_ENGAGEMENT_SETTINGS,
  engagementJobs,
  NO_INCIDENT_SOURCE,
} from '../../src/engagement/index.ts';
import { git, openRepository } from '../../src/gitops/index.ts';
import { JobRunner } from '../../src/jobs/index.ts';
import { applyRequestAction, submitRequest } from '../../src/onboarding/index.ts';
import { provisioningJobs } from '../../src/provisioning/index.ts';
import { buildApp } from '../../src/server/index.ts';
import type { Database } from '../../src/store/index.ts';
import { TEST_IDENTITY_CONFIG, tokenFor } from '../identity/principals.ts';
import { ADMIN_TOKEN, AUTH, expectError } from '../server/helpers.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';
import { developer, reviewer, validRequest } from '../support/fixtures.ts';
import { emptyRemote, type TempRemote } from '../support/gitops.ts';

const DAY = 86_400_000;

describe(`offboarding end to end on the embedded default (${testDatabaseKind()} + a local GitOps repository)`, () => {
  let database: Database;
  let remote: TempRemote;
  let app: FastifyInstance;
  let runner: JobRunner;
  /** The clock the app and the jobs read; the test moves it. */
  let now = Date.parse('2027-03-01T10:00:00Z');
  const clock = () => new Date(now);
  const publicUrl = 'https://opf.example.org';

  beforeAll(async () => {
    database = await openTestDatabase();
    remote = await emptyRemote();
    const ctx = { db: database.db, publicUrl, now: clock };
    app = await buildApp({
      db: database.db,
      databaseKind: testDatabaseKind(),
      publicUrl,
      adminToken: ADMIN_TOKEN,
      identity: { config: TEST_IDENTITY_CONFIG },
      engagement: { settings: DEFAULT_ENGAGEMENT_SETTINGS, now: clock },
    });
    await app.ready();
    runner = new JobRunner({
      db: database.db,
      backoffBaseMs: 10,
      handlers: {
        ...provisioningJobs(ctx, {
          target: {
            remote: remote.remote,
            branch: 'main',
            workDir: join(remote.dir, 'work'),
            mode: 'direct',
            kustomize: true,
          },
          publicUrl,
          mergePollMs: 10,
        }),
        ...communityJobs(ctx, DEFAULT_COMMUNITY_SETTINGS),
        ...engagementJobs({
          ...ctx,
          settings: DEFAULT_ENGAGEMENT_SETTINGS,
          incidents: NO_INCIDENT_SOURCE,
        }),
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    remote?.cleanup();
  });

  const inject = (method: 'GET' | 'POST', url: string, headers = {}, payload?: object) =>
    app.inject({ method, url, headers, ...(payload && { payload }) });
  async function drain() {
    for (let i = 0; i < 20 && (await runner.runDue()) > 0; i += 1);
  }
  const announcements = async () =>
    (await database.db.selectFrom('announcements').select('title').orderBy('id').execute()).map(
      (a) => a.title,
    );

  it('proposal, notice period, decision, the removal commit, the announcement, offboarded; history stays public', async () => {
    // Two namespaces on two clusters, and ArgoCD: the removal takes them all.
    const spec = validRequest('leaver', {
      namespaces: [
        {
          name: 'leaver-dev',
          cluster: 'moc/smaug',
          tier: 'small',
          limitRange: true,
          monitoring: false,
        },
        {
          name: 'leaver-prod',
          cluster: 'moc/infra',
          tier: 'small',
          limitRange: true,
          monitoring: true,
        },
      ],
    });
    const stays = await submitRequest(
      { db: database.db, publicUrl },
      developer,
      validRequest('stayer'),
    );
    const request = await submitRequest({ db: database.db, publicUrl }, developer, spec);
    for (const r of [stays, request]) {
      await applyRequestAction({ db: database.db, publicUrl }, reviewer, r.id, 'start-review');
      await applyRequestAction({ db: database.db, publicUrl }, reviewer, r.id, 'approve');
    }
    await drain();
    const work = join(remote.dir, 'check');
    await syncWorkspace(remote.remote, work, 'main');
    expect(openRepository(work).inventory.namespaces.map((n) => n.name)).toEqual(
      expect.arrayContaining(['leaver-dev', 'leaver-prod', 'stayer-dev']),
    );

    // A project member may ask to leave; ops propose with a notice period.
    const ops = { authorization: `Bearer ${await tokenFor(database.db, 'OPS-Olga')}` };
    expectError(
      await inject('POST', `/api/v1/requests/${request.id}/start-offboarding`, ops, {}),
      409,
      'OPF_ERR_OFFBOARD_NO_PROPOSAL',
    );
    const proposed = await inject('POST', `/api/v1/requests/${request.id}/offboarding`, ops, {
      reason: 'No answer to three notices.',
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const proposal = proposed.json();
    expect(proposal).toMatchObject({ state: 'open', byProject: false, proposedBy: 'OPS-Olga' });
    expect(Date.parse(proposal.noticeEndsAt) - now).toBe(30 * DAY);
    expectError(
      await inject('POST', `/api/v1/requests/${request.id}/offboarding`, ops, { reason: 'again' }),
      409,
      'OPF_ERR_OFFBOARD_PROPOSED',
    );
    // On the next coordination meeting's agenda, and announced.
    expect(proposal.meeting).not.toBeNull();
    const agenda = await inject(
      'GET',
      `/api/v1/meetings/${proposal.meeting.slug}/agenda?date=${proposal.meeting.date}`,
    );
    expect(agenda.statusCode, agenda.body).toBe(200);
    expect(agenda.json().items.map((i: { title: string }) => i.title)).toContain(
      `Offboarding proposal: Project leaver (leaver), request ${request.id}`,
    );
    await drain();
    expect(await announcements()).toContain('Offboarding proposed for Project leaver (leaver)');

    // The decision waits for the notice period.
    expectError(
      await inject('POST', `/api/v1/requests/${request.id}/start-offboarding`, ops, {}),
      409,
      'OPF_ERR_OFFBOARD_NOTICE_RUNNING',
    );
    now += 30 * DAY;
    const decided = await inject(
      'POST',
      `/api/v1/requests/${request.id}/start-offboarding`,
      ops,
      {},
    );
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().state).toBe('offboarding');
    await drain();

    // The removal is one commit on the branch ArgoCD applies; the other project is untouched.
    const detail = (await inject('GET', `/api/v1/requests/${request.id}`)).json();
    expect(detail.request.state).toBe('offboarded');
    const removal = detail.deliveries.find((d: { outcome: string }) => d.outcome === 'removed');
    expect(removal.commitSha).toBe(await git(remote.remote, ['rev-parse', 'main']));
    expect(await git(remote.remote, ['log', '-1', '--format=%s', 'main'])).toBe(
      `Offboard leaver (opf request ${request.id})`,
    );
    await syncWorkspace(remote.remote, work, 'main');
    const after = openRepository(work).inventory;
    expect(after.namespaces.map((n) => n.name)).toEqual(['stayer-dev']);
    expect(after.groups.map((g) => g.name)).toEqual(['stayer']);
    expect(after.roleBindings.some((b) => b.group === 'leaver')).toBe(false);
    // kubectl is one of the programs the GitOps tests use as the kustomize oracle.
    for (const overlay of ['moc/smaug', 'moc/infra'])
      execFileSync('kubectl', ['kustomize', join(work, 'cluster-scope/overlays/prod', overlay)], {
        stdio: 'pipe',
      });
    expect(existsSync(join(work, 'cluster-scope/base/core/namespaces/leaver-dev'))).toBe(false);
    await drain();
    expect(await announcements()).toContain('Project leaver (leaver) is offboarded');
    // The history stays public: read with no credentials.
    expect(detail.history.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining([
        'request.propose-offboarding',
        'request.start-offboarding',
        'request.finish-offboarding',
      ]),
    );
    const proposals = (await inject('GET', `/api/v1/requests/${request.id}/offboarding`)).json();
    expect(proposals.items[0]).toMatchObject({ state: 'decided', decidedBy: 'OPS-Olga' });
    expect((await inject('GET', '/api/v1/projects/leaver')).json().status).toBe('offboarded');
  });

  it('a project member asking to leave needs no notice period, only the ops decision', async () => {
    const request = await submitRequest(
      { db: database.db, publicUrl },
      developer,
      validRequest('goer'),
    );
    await applyRequestAction({ db: database.db, publicUrl }, reviewer, request.id, 'start-review');
    await applyRequestAction({ db: database.db, publicUrl }, reviewer, request.id, 'approve');
    await drain();
    const member = { authorization: `Bearer ${await tokenFor(database.db, 'bob_openshift.user')}` };
    const stranger = { authorization: `Bearer ${await tokenFor(database.db, 'uma-user')}` };
    expectError(
      await inject('POST', `/api/v1/requests/${request.id}/offboarding`, stranger, { reason: 'x' }),
      403,
      'OPF_ERR_AUTH_NOT_MEMBER',
    );
    expectError(
      await inject('POST', `/api/v1/requests/${request.id}/start-offboarding`, member, {}),
      403,
      'OPF_ERR_FORBIDDEN',
    );
    const asked = await inject('POST', `/api/v1/requests/${request.id}/offboarding`, member, {
      reason: 'We moved to another cloud.',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({
      byProject: true,
      noticeEndsAt: new Date(now).toISOString(),
    });
    const decided = await inject(
      'POST',
      `/api/v1/requests/${request.id}/start-offboarding`,
      AUTH,
      {},
    );
    expect(decided.json().state).toBe('offboarding');
    await drain();
    expect((await inject('GET', `/api/v1/requests/${request.id}`)).json().request.state).toBe(
      'offboarded',
    );
  });
});
