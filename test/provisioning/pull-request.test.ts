import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubForge } from '../../src/forge/index.ts';
import { git } from '../../src/gitops/index.ts';
import { JobRunner } from '../../src/jobs/index.ts';
import { applyRequestAction, getRequestDetail, submitRequest } from '../../src/onboarding/index.ts';
import { provisioningJobs } from '../../src/provisioning/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openTestDatabase } from '../support/db.ts';
import { developer, reviewer, validRequest } from '../support/fixtures.ts';
import { emptyRemote, remoteLog, type TempRemote } from '../support/gitops.ts';
import { recordedGitHubFetch } from '../support/recorded-forge.ts';

describe('pull-request delivery through the GitHub adapter (recorded contract)', () => {
  let database: Database;
  let remote: TempRemote;
  beforeAll(async () => {
    database = await openTestDatabase();
    remote = await emptyRemote();
  });
  afterAll(async () => {
    await database.close();
    remote.cleanup();
  });

  it('pushes opf/request-<id>, opens the pull request, and activates the request once it is merged', async () => {
    const ctx = { db: database.db, publicUrl: 'https://opf.example.org' };
    const forge = new GitHubForge({
      owner: 'operate-first',
      repo: 'apps',
      token: 'ghp_test',
      fetch: recordedGitHubFetch(),
    });
    const target = {
      remote: remote.remote,
      branch: 'main',
      workDir: join(remote.dir, 'work'),
      mode: 'pull-request' as const,
      forge,
    };
    const runner = new JobRunner({
      db: database.db,
      handlers: provisioningJobs(ctx, { target, publicUrl: ctx.publicUrl, mergePollMs: 0 }),
    });
    const request = await submitRequest(ctx, developer, validRequest('demo'));
    expect(request.id).toBe(1); // the recorded contract speaks of opf/request-1
    await applyRequestAction(ctx, reviewer, request.id, 'start-review');
    await applyRequestAction(ctx, reviewer, request.id, 'approve');
    const mainBefore = await remoteLog(remote.remote);

    await runner.runDue(); // deliver: push the branch, open the pull request
    let detail = await getRequestDetail(ctx, request.id);
    expect(detail.request.state).toBe('provisioning');
    expect(detail.deliveries[0]).toMatchObject({
      mode: 'pull-request',
      outcome: 'proposed',
      branch: 'opf/request-1',
      pullRequestUrl: 'https://github.com/operate-first/apps/pull/1347',
    });
    expect(await remoteLog(remote.remote)).toEqual(mainBefore);
    expect(await git(remote.remote, ['log', '-1', '--format=%s', 'opf/request-1'])).toBe(
      'Onboard demo (opf request 1)',
    );

    await runner.runDue(); // await-merge: the recorded contract says pull request 1347 is merged
    detail = await getRequestDetail(ctx, request.id);
    expect(detail.request.state).toBe('active');
    expect(detail.deliveries.map((d) => d.outcome)).toEqual(['proposed', 'merged']);
  });
});
