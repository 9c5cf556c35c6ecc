import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clusterSchema, SEED_CLUSTERS } from '../../src/core/index.ts';
import { type Database, insertCluster, listClusters } from '../../src/store/index.ts';
import { openTestDatabase } from '../support/db.ts';

let database: Database;
beforeEach(async () => {
  database = await openTestDatabase();
});
afterEach(async () => {
  await database.close();
});

const capacity = { cpu: '8', memory: '32Gi', storage: '1Ti' };

describe('a cluster’s console and ArgoCD links', () => {
  it('are kept and listed when given, and left out when not', async () => {
    const tx = database.db;
    await insertCluster(
      { tx },
      {
        env: 'lab',
        name: 'linked',
        displayName: 'Linked',
        capacity,
        consoleUrl: 'https://console.example.org',
        argocdUrl: 'https://argocd.example.org',
      },
    );
    await insertCluster({ tx }, { env: 'lab', name: 'bare', displayName: 'Bare', capacity });
    const listed = await listClusters({ tx });
    expect(listed.find((c) => c.name === 'linked')).toMatchObject({
      consoleUrl: 'https://console.example.org',
      argocdUrl: 'https://argocd.example.org',
    });
    const bare = listed.find((c) => c.name === 'bare');
    expect(bare).toBeDefined();
    expect(bare).not.toHaveProperty('consoleUrl');
    expect(bare).not.toHaveProperty('argocdUrl');
  });

  it('the seeded MOC clusters link to their console and to Operate First’s ArgoCD', async () => {
    const smaug = (await listClusters({ tx: database.db })).find((c) => c.name === 'smaug');
    expect(smaug?.consoleUrl).toBe(
      'https://console-openshift-console.apps.smaug.na.operate-first.cloud',
    );
    expect(smaug?.argocdUrl).toBe('https://argocd-server-argocd.apps.moc-infra.massopen.cloud');
    for (const cluster of SEED_CLUSTERS)
      expect(clusterSchema.safeParse(cluster).success).toBe(true);
  });

  it('an ArgoCD link that is not a URL is refused', () => {
    const result = clusterSchema.safeParse({
      env: 'lab',
      name: 'x',
      displayName: 'X',
      capacity,
      argocdUrl: 'argocd on the infra cluster',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['argocdUrl']);
  });
});
