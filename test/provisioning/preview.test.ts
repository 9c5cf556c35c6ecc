import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git } from '../../src/gitops/index.ts';
import { JobRunner } from '../../src/jobs/index.ts';
import { applyRequestAction, submitRequest } from '../../src/onboarding/index.ts';
import { planPreviewer, provisioningJobs } from '../../src/provisioning/index.ts';
import { buildApp } from '../../src/server/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openTestDatabase } from '../support/db.ts';
import { developer, reviewer, validRequest } from '../support/fixtures.ts';
import { emptyRemote, type TempRemote } from '../support/gitops.ts';

describe('the dry run of an approval (GET /api/v1/requests/{id}/plan)', () => {
  let database: Database;
  let remote: TempRemote;
  let app: FastifyInstance;
  let settings: Parameters<typeof planPreviewer>[1];
  const ctx = () => ({ db: database.db, publicUrl: 'https://opf.example.org' });
  beforeAll(async () => {
    database = await openTestDatabase();
    remote = await emptyRemote();
    settings = {
      target: {
        remote: remote.remote,
        branch: 'main',
        workDir: join(remote.dir, 'work'),
        mode: 'direct',
      },
      publicUrl: 'https://opf.example.org',
      mergePollMs: 10,
    };
    app = await buildApp({
      db: database.db,
      databaseKind: database.kind,
      publicUrl: 'https://opf.example.org',
      adminToken: 'preview-test-token-0123456789',
      planPreview: planPreviewer(ctx(), settings),
    });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    remote.cleanup();
  });

  it('shows exactly the files approval then writes, and writes nothing itself', async () => {
    const request = await submitRequest(ctx(), developer, validRequest('preview-me'));
    const headBefore = await git(remote.remote, ['rev-parse', 'main']);
    const response = await app.inject(`/api/v1/requests/${request.id}/plan`);
    expect(response.statusCode).toBe(200);
    const preview = response.json();
    expect(preview).toMatchObject({
      requestId: request.id,
      head: headBefore,
      findings: [],
      problem: null,
    });
    expect(preview.diff).toContain(
      '+++ b/cluster-scope/base/core/namespaces/preview-me-dev/namespace.yaml',
    );
    expect(preview.diff).toContain(
      `op1st/onboarding-issue: https://opf.example.org/requests/${request.id}`,
    );
    expect(await git(remote.remote, ['rev-parse', 'main'])).toBe(headBefore);

    await applyRequestAction(ctx(), reviewer, request.id, 'start-review');
    await applyRequestAction(ctx(), reviewer, request.id, 'approve');
    await new JobRunner({ db: database.db, handlers: provisioningJobs(ctx(), settings) }).runDue();
    const committed = (await git(remote.remote, ['show', '--name-only', '--format=', 'main']))
      .split('\n')
      .filter(Boolean)
      .sort();
    expect(committed).toEqual(preview.files.map((f: { path: string }) => f.path).sort());
  });

  it('says why no change can be planned, instead of failing', async () => {
    const request = await submitRequest(
      ctx(),
      developer,
      validRequest('preview-elsewhere', {
        namespaces: [
          {
            name: 'preview-elsewhere-dev',
            cluster: 'osc/osc-cl1',
            tier: 'small',
            limitRange: true,
            monitoring: false,
          },
        ],
      }),
    );
    // The cluster exists in opf but the repository has no overlay for it any more.
    const work = join(remote.dir, 'hand');
    await git(remote.dir, ['clone', '-q', remote.remote, work]);
    await git(work, ['rm', '-q', '-r', 'cluster-scope/overlays/prod/osc']);
    await git(work, [
      '-c',
      'user.name=h',
      '-c',
      'user.email=h@h',
      'commit',
      '-q',
      '-m',
      'drop osc',
    ]);
    await git(work, ['push', '-q', 'origin', 'HEAD:main']);
    const preview = (await app.inject(`/api/v1/requests/${request.id}/plan`)).json();
    expect(preview.problem?.code).toMatch(/^OPF_ERR_GITOPS_CLUSTER_UNKNOWN$/);
    expect(preview.files).toEqual([]);
  });

  it('answers 404 for a missing request, 409 where no repository is configured', async () => {
    expect((await app.inject('/api/v1/requests/999999/plan')).json().code).toBe(
      'OPF_ERR_NOT_FOUND',
    );
    const bare = await buildApp({
      db: database.db,
      databaseKind: database.kind,
      publicUrl: 'http://x',
      adminToken: 'preview-test-token-0123456789',
    });
    const response = await bare.inject('/api/v1/requests/1/plan');
    expect([response.statusCode, response.json().code]).toEqual([
      409,
      'OPF_ERR_GITOPS_NOT_CONFIGURED',
    ]);
    await bare.close();
  });
});
