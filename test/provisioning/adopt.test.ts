import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpfError } from '../../src/core/index.ts';
import { syncWorkspace } from '../../src/delivery/index.ts';
import { openRepository } from '../../src/gitops/index.ts';
import { getProject, searchProjects, submitRequest } from '../../src/onboarding/index.ts';
import { adoptInventory } from '../../src/provisioning/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openTestDatabase } from '../support/db.ts';
import { FIXTURE_DIR } from '../support/fixture-path.ts';
import { developer, validRequest } from '../support/fixtures.ts';
import { fixtureRemote, type TempRemote } from '../support/gitops.ts';

// Skipped only on a machine without the shared fixture; the run prints why (NO_FIXTURE).
describe.skipIf(!FIXTURE_DIR)('adopting the real operate-first apps repository', () => {
  let database: Database;
  let remote: TempRemote;
  beforeAll(async () => {
    database = await openTestDatabase();
    remote = await fixtureRemote();
  });
  afterAll(async () => {
    await database.close();
    remote.cleanup();
  });

  it('knows every namespace as imported, adds the clusters it lacks, and is a no-op the second time', async () => {
    const ctx = { db: database.db, publicUrl: 'http://opf.test' };
    const work = join(remote.dir, 'work');
    await syncWorkspace(remote.remote, work, 'main');
    const { inventory } = openRepository(work);
    const first = await adoptInventory(ctx, inventory);
    expect(first.namespacesAdded).toBe(177);
    expect(first.clustersAdded.sort()).toEqual([
      'emea/demo',
      'emea/jerry',
      'moc/curator',
      'osc/osc-cl2',
    ]);
    expect(first.projectsAdded).toBeGreaterThan(20);
    expect(await adoptInventory(ctx, inventory)).toEqual({
      clustersAdded: [],
      projectsAdded: 0,
      namespacesAdded: 0,
    });

    const thoth = await getProject(ctx, 'thoth-devops');
    expect(thoth.imported).toBe(true);
    expect(thoth.namespaces.map((ns) => ns.name)).toContain('thoth-amun-api-prod');
    // The directory curator-operator makes the namespace curator-operator-system: claimed so.
    const curator = (await getProject(ctx, 'curator')).namespaces.map((ns) => ns.name);
    expect(curator).toContain('curator-operator-system');
    expect(curator).not.toContain('curator-operator');
    const page = await searchProjects(ctx, { limit: 500, offset: 0 });
    expect(page.items.every((p) => p.imported)).toBe(true);
  });

  it('refuses a request for a namespace the repository already has', async () => {
    const ctx = { db: database.db, publicUrl: 'http://opf.test' };
    const clash = validRequest('newcomer', {
      namespaces: [
        {
          name: 'thoth-amun-api-prod',
          cluster: 'moc/smaug',
          tier: 'small',
          limitRange: true,
          monitoring: false,
        },
      ],
    });
    const error = await submitRequest(ctx, developer, clash).catch((e: unknown) => e);
    expect(isOpfError(error) && error.code).toBe('OPF_ERR_NAMESPACE_TAKEN');
    expect((error as Error).message).toContain('already present');
  });
});
