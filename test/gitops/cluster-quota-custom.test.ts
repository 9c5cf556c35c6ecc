import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { decodeRequestInput, parseYamlInput } from '../../src/core/index.ts';
import {
  commitPlan,
  openRepository,
  planClusterQuota,
  planOnboarding,
  validateRepository,
} from '../../src/gitops/index.ts';
import { copyTree, TESTDATA } from './helpers.ts';

const OVERLAYS = 'cluster-scope/overlays/prod';

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The ResourceQuota objects kustomize builds for one cluster overlay, by name. */
function builtQuotas(dir: string, cluster: string): Map<string, Record<string, unknown>> {
  const out = execFileSync('kubectl', ['kustomize', join(dir, OVERLAYS, cluster)], {
    encoding: 'utf8',
  });
  const quotas = new Map<string, Record<string, unknown>>();
  for (const doc of parseAllDocuments(out)) {
    const object = doc.toJS() as {
      kind?: string;
      metadata?: { name: string };
      spec?: { hard: Record<string, unknown> };
    };
    if (object?.kind === 'ResourceQuota') quotas.set(object.metadata!.name, object.spec!.hard);
  }
  return quotas;
}

describe('a per-cluster tier for a namespace with a custom quota', () => {
  let dir: string;
  beforeAll(async () => {
    dir = copyTree(join(TESTDATA, 'base'), { git: true });
    const request = decodeRequestInput(
      parseYamlInput(
        `
project: { name: gamma, description: Gamma runs on two clusters }
team: { name: gamma, owner: gia, members: [gia] }
namespaces:
  - name: gamma
    cluster: moc/smaug
    customQuota: { cpu: "6", memory: 24Gi, storage: 500Gi }
`,
        'request.yaml',
      ),
      'request.yaml',
      { version: 'offline', accepted: [] },
    );
    await commitPlan(
      dir,
      planOnboarding(openRepository(dir), request, {
        requestUrl: 'https://opf.example.org/requests/3',
      }),
    );
    await commitPlan(dir, planClusterQuota(openRepository(dir), 'gamma', 'osc/osc-cl1', 'small'));
  });

  it('is a patch of the custom quota that the importer reads back as that tier', () => {
    const inventory = openRepository(dir).inventory;
    const osc = inventory.clusters.find((c) => c.name === 'osc-cl1');
    expect(osc?.namespaces).toContain('gamma');
    expect(osc?.quotas).toContainEqual(
      expect.objectContaining({ namespace: 'gamma', tier: 'small' }),
    );
    expect(validateRepository(dir)).toEqual([]);
  });

  it.skipIf(!hasKubectl())(
    'builds, on that cluster, to exactly the tier’s limits; elsewhere the custom quota stays',
    () => {
      const small = openRepository(dir).inventory.tiers.find((t) => t.name === 'small')!.hard;
      expect(builtQuotas(dir, 'osc/osc-cl1').get('gamma-custom')).toEqual(small);
      const smaug = builtQuotas(dir, 'moc/smaug').get('gamma-custom');
      expect(smaug).not.toEqual(small);
      expect(smaug?.['limits.cpu']).toBe('6');
    },
  );

  it('asking again changes nothing', () => {
    expect(planClusterQuota(openRepository(dir), 'gamma', 'osc/osc-cl1', 'small').changes).toEqual(
      [],
    );
  });
});
