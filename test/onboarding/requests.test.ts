import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpfError, type OpfError } from '../../src/core/index.ts';
import {
  addComment,
  applyRequestAction,
  getProject,
  getRequestDetail,
  submitRequest,
  updateRequestSpec,
} from '../../src/onboarding/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';
import { developer, reviewer, validRequest } from '../support/fixtures.ts';

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (isOpfError(error)) return (error as OpfError).code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe(`onboarding requests (${testDatabaseKind()})`, () => {
  let database: Database;
  let ctx: { db: Database['db']; publicUrl: string };
  beforeAll(async () => {
    database = await openTestDatabase();
    ctx = { db: database.db, publicUrl: 'http://opf.test' };
  });
  afterAll(() => database.close());

  it('runs the review loop: changes requested, edited, resubmitted, approved', async () => {
    const created = await submitRequest(ctx, developer, validRequest('loop'));
    await applyRequestAction(ctx, reviewer, created.id, 'start-review');
    await applyRequestAction(ctx, reviewer, created.id, 'request-changes', {
      reason: 'Add a second member',
    });
    const spec = validRequest('loop');
    spec.team.members.push('carol');
    const edited = await updateRequestSpec(ctx, developer, created.id, spec, 3);
    expect(edited.spec.team.members).toContain('carol');
    await applyRequestAction(ctx, developer, created.id, 'submit');
    await applyRequestAction(ctx, reviewer, created.id, 'start-review');
    const approved = await applyRequestAction(ctx, reviewer, created.id, 'approve', {
      reason: 'Welcome',
    });
    expect(approved.state).toBe('approved');
    expect(approved.decidedAt).not.toBeNull();
    const detail = await getRequestDetail(ctx, created.id);
    expect(detail.history.map((e) => e.action)).toEqual([
      'request.submit',
      'request.start-review',
      'request.request-changes',
      'request.update',
      'request.submit',
      'request.start-review',
      'request.approve',
    ]);
    expect(detail.comments.map((c) => c.body)).toEqual(['Add a second member']);
    expect(detail.termsAcceptances.length).toBeGreaterThanOrEqual(2);
    expect(detail.history.every((e) => e.visibility === 'public')).toBe(true);
  });

  it('keeps a namespace for one request at a time, and frees it on withdrawal', async () => {
    const first = await submitRequest(ctx, developer, validRequest('claims-a'));
    const clash = validRequest('claims-b', {
      namespaces: [
        {
          name: 'claims-a-dev',
          cluster: 'moc/infra',
          tier: 'x-small',
          limitRange: true,
          monitoring: false,
        },
      ],
    });
    expect(await codeOf(submitRequest(ctx, developer, clash))).toBe('OPF_ERR_NAMESPACE_TAKEN');
    await applyRequestAction(ctx, developer, first.id, 'withdraw');
    const second = await submitRequest(ctx, developer, clash);
    expect(second.state).toBe('submitted');
    expect((await getProject(ctx, 'claims-b')).namespaces).toEqual([
      { name: 'claims-a-dev', cluster: 'moc/infra', tier: 'x-small' },
    ]);
    expect((await getProject(ctx, 'claims-a')).status).toBe('closed');
  });

  it('refuses a second open request for the same project, allows one after rejection', async () => {
    const first = await submitRequest(ctx, developer, validRequest('dup-project'));
    const again = validRequest('dup-project', {
      namespaces: [
        {
          name: 'dup-project-2',
          cluster: 'moc/smaug',
          tier: 'small',
          limitRange: true,
          monitoring: false,
        },
      ],
    });
    expect(await codeOf(submitRequest(ctx, developer, again))).toBe('OPF_ERR_PROJECT_EXISTS');
    await applyRequestAction(ctx, reviewer, first.id, 'reject', { reason: 'Out of scope' });
    expect((await submitRequest(ctx, developer, again)).state).toBe('submitted');
  });

  it('normalises cluster references and tiers, and defaults a namespace without quota to x-small', async () => {
    const spec = validRequest('norm', {
      namespaces: [
        {
          name: 'norm-a',
          cluster: 'MOC/Smaug',
          tier: 'Small',
          limitRange: true,
          monitoring: false,
        },
        { name: 'norm-b', cluster: 'osc/osc-cl1', limitRange: false, monitoring: true },
      ],
    });
    const created = await submitRequest(ctx, developer, spec);
    expect(created.spec.namespaces.map((ns) => [ns.cluster, ns.tier])).toEqual([
      ['moc/smaug', 'small'],
      ['osc/osc-cl1', 'x-small'],
    ]);
  });

  it('keeps user names as written, and counts one person once whatever the casing', async () => {
    const created = await submitRequest(ctx, developer, validRequest('casing'));
    expect(created.spec.team.members).toEqual(['Alice-Dev', 'bob_openshift.user']);
    const twice = validRequest('casing-twice');
    twice.team.members = ['Alice-Dev', 'alice-dev', 'BOB_openshift.user', 'bob_openshift.user'];
    expect((await submitRequest(ctx, developer, twice)).spec.team.members).toEqual([
      'Alice-Dev',
      'BOB_openshift.user',
    ]);
  });

  it('refuses submissions without every current term, and stale versions; drafts may wait', async () => {
    const partial = validRequest('terms-a', {
      terms: { version: validRequest('x').terms.version, accepted: ['no-sla'] },
    });
    expect(await codeOf(submitRequest(ctx, developer, partial))).toBe('OPF_ERR_TERMS_NOT_ACCEPTED');
    const stale = validRequest('terms-b', {
      terms: { version: '2019-01', accepted: validRequest('x').terms.accepted },
    });
    expect(await codeOf(submitRequest(ctx, developer, stale))).toBe('OPF_ERR_TERMS_VERSION_STALE');
    const draft = await submitRequest(ctx, developer, partial, { draft: true });
    expect(draft.state).toBe('draft');
    expect(await codeOf(applyRequestAction(ctx, developer, draft.id, 'submit'))).toBe(
      'OPF_ERR_TERMS_NOT_ACCEPTED',
    );
    expect((await getRequestDetail(ctx, draft.id)).request.state).toBe('draft');
  });

  it('needs a reason to request changes or reject', async () => {
    const created = await submitRequest(ctx, developer, validRequest('reasons'));
    expect(
      await codeOf(applyRequestAction(ctx, reviewer, created.id, 'reject', { reason: '   ' })),
    ).toBe('OPF_ERR_VALIDATION');
    expect(await codeOf(applyRequestAction(ctx, reviewer, created.id, 'request-changes'))).toBe(
      'OPF_ERR_VALIDATION',
    );
  });

  it('refuses edits after review started, and renaming the project', async () => {
    const created = await submitRequest(ctx, developer, validRequest('edits'));
    expect(
      await codeOf(updateRequestSpec(ctx, developer, created.id, validRequest('edits-renamed'))),
    ).toBe('OPF_ERR_VALIDATION');
    await applyRequestAction(ctx, reviewer, created.id, 'start-review');
    expect(await codeOf(updateRequestSpec(ctx, developer, created.id, validRequest('edits')))).toBe(
      'OPF_ERR_TRANSITION_ILLEGAL',
    );
  });

  it('optimistic concurrency: of two reviewers acting on the same version, one wins', async () => {
    const created = await submitRequest(ctx, developer, validRequest('race'));
    const reviewing = await applyRequestAction(ctx, reviewer, created.id, 'start-review');
    const results = await Promise.allSettled([
      applyRequestAction(ctx, { name: 'ops-1' }, created.id, 'approve', {
        expectedVersion: reviewing.version,
      }),
      applyRequestAction(ctx, { name: 'ops-2' }, created.id, 'reject', {
        expectedVersion: reviewing.version,
        reason: 'no',
      }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0]!.reason as OpfError).code).toBe('OPF_ERR_VERSION_CONFLICT');
    const history = (await getRequestDetail(ctx, created.id)).history;
    expect(
      history.filter((e) => e.action === 'request.approve' || e.action === 'request.reject'),
    ).toHaveLength(1);
  });

  it('two submissions racing for one namespace: one wins, the other is told it is taken', async () => {
    const shared = [
      {
        name: 'race-shared',
        cluster: 'moc/smaug',
        tier: 'small',
        limitRange: true,
        monitoring: false,
      },
    ];
    const results = await Promise.allSettled([
      submitRequest(ctx, developer, validRequest('race-x', { namespaces: shared })),
      submitRequest(ctx, developer, validRequest('race-y', { namespaces: shared })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost).toBeDefined();
    expect((lost!.reason as OpfError).code).toBe('OPF_ERR_NAMESPACE_TAKEN');
  });

  it('comments on a request, and not on a missing one', async () => {
    const created = await submitRequest(ctx, developer, validRequest('chat'));
    const comment = await addComment(ctx, developer, created.id, '  When is the next meeting?  ');
    expect(comment.body).toBe('When is the next meeting?');
    expect(await codeOf(addComment(ctx, developer, 999_999, 'hi'))).toBe('OPF_ERR_NOT_FOUND');
    expect(await codeOf(addComment(ctx, developer, created.id, ' '))).toBe('OPF_ERR_VALIDATION');
  });
});
