import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncWorkspace } from '../../src/delivery/index.ts';
import { JobRunner } from '../../src/jobs/index.ts';
import { applyRequestAction, submitRequest } from '../../src/onboarding/index.ts';
import { operatorInstaller, provisioningJobs } from '../../src/provisioning/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';
import { developer, reviewer, validRequest } from '../support/fixtures.ts';
import { emptyRemote, remoteLog, type TempRemote } from '../support/gitops.ts';

describe(`installing an operator as an ops action (${testDatabaseKind()})`, () => {
  let database: Database;
  let remote: TempRemote;
  let ctx: { db: Database['db']; publicUrl: string };
  const settings = () => ({
    target: {
      remote: remote.remote,
      branch: 'main',
      workDir: join(remote.dir, 'work'),
      mode: 'direct' as const,
    },
    publicUrl: ctx.publicUrl,
    mergePollMs: 10,
  });

  beforeAll(async () => {
    database = await openTestDatabase();
    remote = await emptyRemote();
    ctx = { db: database.db, publicUrl: 'https://opf.example.org' };
    const request = await submitRequest(ctx, developer, validRequest('opsy'));
    await applyRequestAction(ctx, reviewer, request.id, 'start-review');
    await applyRequestAction(ctx, reviewer, request.id, 'approve');
    await new JobRunner({ db: database.db, handlers: provisioningJobs(ctx, settings()) }).runDue();
  });
  afterAll(async () => {
    await database.close();
    remote.cleanup();
  });

  it('writes the OperatorGroup and Subscription for the namespace, on its cluster, audited', async () => {
    const install = operatorInstaller(ctx, settings());
    const project = validRequest('opsy');
    const ns = project.namespaces[0]!;
    const done = await install({ name: 'ops-olga' }, 'opsy', {
      operator: 'camel-k',
      catalog: 'community-operators',
      namespace: ns.name,
      channel: 'stable',
      manual: true,
      singleNamespace: true,
    });
    expect(done).toMatchObject({ mode: 'direct', alreadyDone: false });
    expect((await remoteLog(remote.remote))[0]).toContain('Install operator camel-k');
    const check = join(remote.dir, 'check');
    await syncWorkspace(remote.remote, check, 'main');
    const sub = readFileSync(
      join(
        check,
        'cluster-scope/base/operators.coreos.com/subscriptions/camel-k/subscription.yaml',
      ),
      'utf8',
    );
    expect(sub).toContain('installPlanApproval: Manual');
    expect(sub).toContain('sourceNamespace: openshift-marketplace');
    const [env, name] = ns.cluster.toLowerCase().split('/');
    const overlay = readFileSync(
      join(check, `cluster-scope/overlays/prod/${env}/${name}/kustomization.yaml`),
      'utf8',
    );
    expect(overlay).toContain(`base/operators.coreos.com/operatorgroups/${ns.name}`);
    const audit = await database.db
      .selectFrom('audit_events')
      .select(['actor', 'subject_id'])
      .where('action', '=', 'gitops.install-operator')
      .execute();
    expect(audit).toEqual([{ actor: 'ops-olga', subject_id: 'opsy' }]);
    // The same again is already in place.
    const again = await install({ name: 'ops-olga' }, 'opsy', {
      operator: 'camel-k',
      catalog: 'community-operators',
      namespace: ns.name,
      channel: 'stable',
      manual: true,
      singleNamespace: true,
    });
    expect(again.alreadyDone).toBe(true);
  });

  it('refuses a namespace that is not the project’s, writing nothing', async () => {
    const before = await remoteLog(remote.remote);
    await expect(
      operatorInstaller(ctx, settings())({ name: 'ops-olga' }, 'opsy', {
        operator: 'camel-k',
        catalog: 'community-operators',
        namespace: 'someone-else',
        manual: false,
        singleNamespace: true,
      }),
    ).rejects.toMatchObject({ code: 'OPF_ERR_VALIDATION' });
    expect(await remoteLog(remote.remote)).toEqual(before);
  });
});
