import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Inventory, importRepository } from '../../src/gitops/index.ts';
import { copyTree, FIXTURE, TESTDATA, tempDir } from './helpers.ts';

const TESTDATA_BASE = join(TESTDATA, 'base');

/**
 * An independent, line-based reading of the overlays (no YAML library): follow every
 * `resources:` entry that is a directory, and collect the namespace directories reached.
 */
function namespacesByLines(repo: string, dir: string, seen = new Set<string>()): string[] {
  if (seen.has(dir)) return [];
  seen.add(dir);
  let text: string;
  try {
    text = readFileSync(join(repo, dir, 'kustomization.yaml'), 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  let section = '';
  for (const line of text.split('\n')) {
    const key = /^([A-Za-z]+):/.exec(line);
    if (key) section = key[1]!;
    const item = /^\s*-\s+(\S+)\s*$/.exec(line);
    if (!item || section !== 'resources') continue;
    const target = posix.normalize(posix.join(dir, item[1]!)).replace(/\/$/, '');
    const isDir = statSync(join(repo, target), { throwIfNoEntry: false })?.isDirectory();
    if (!isDir) continue;
    const ns = /^cluster-scope\/base\/core\/namespaces\/([^/]+)$/.exec(target);
    if (ns) out.push(ns[1]!);
    else out.push(...namespacesByLines(repo, target, seen));
  }
  return out;
}

// Skipped only on a machine without the shared fixture; the run prints why (NO_FIXTURE).
describe.skipIf(!FIXTURE)('importRepository on the operate-first/apps fixture', () => {
  let repo: string;
  let inventory: Inventory;
  beforeAll(() => {
    repo = copyTree(FIXTURE);
    inventory = importRepository(repo);
  });

  it('finds 177 namespaces and 97 groups', () => {
    expect(inventory.namespaces).toHaveLength(177);
    expect(inventory.groups).toHaveLength(97);
  });

  it('finds the seven cluster overlays and no common directory among them', () => {
    expect(inventory.clusters.map((c) => `${c.env}/${c.name}`)).toEqual([
      'emea/demo',
      'emea/jerry',
      'moc/curator',
      'moc/infra',
      'moc/smaug',
      'osc/osc-cl1',
      'osc/osc-cl2',
    ]);
  });

  it('lists per cluster exactly the namespaces the overlays reach', () => {
    for (const cluster of inventory.clusters) {
      const expected = [...new Set(namespacesByLines(repo, cluster.path))].sort();
      expect(cluster.namespaces, cluster.path).toEqual(expected);
    }
    const counts = Object.fromEntries(inventory.clusters.map((c) => [c.name, c.namespaces.length]));
    expect(counts).toEqual({
      demo: 4,
      jerry: 4,
      curator: 5,
      infra: 15,
      smaug: 96,
      'osc-cl1': 25,
      'osc-cl2': 25,
    });
  });

  it('keeps the overlay’s own entries apart from namespaces reached through bundles', () => {
    const jerry = inventory.clusters.find((c) => c.name === 'jerry')!;
    expect(jerry.directNamespaces).toEqual([]);
    expect(jerry.namespaces).toContain('openshift-pipelines');
    const demo = inventory.clusters.find((c) => c.name === 'demo')!;
    expect(demo.directNamespaces).toEqual(['opf-alertreceiver', 'demo-jupyterhub']);
  });

  it('reads annotations, custom quota, limit range, role bindings and monitoring', () => {
    const kafka = inventory.namespaces.find((n) => n.name === 'opf-kafka')!;
    expect(kafka.displayName).toBe('Operate First: Kafka');
    expect(kafka.annotations['op1st/onboarding-issue']).toBe(
      'https://github.com/operate-first/support/issues/27',
    );
    expect(kafka.customQuota?.name).toBe('opf-kafka-custom');
    expect(kafka.customQuota?.hard['requests.storage']).toBe('700Gi');
    expect(kafka.limitRange).toBe(true);
    expect(kafka.monitoring).toBe(true);
    expect(kafka.roleBindings.admin).toEqual(['operate-first', 'odh-admin']);
    // odh-dashboard binds a Role to a service account: a binding component, modelled.
    expect(kafka.otherEntries).toEqual([]);
    expect(kafka.bindingComponents).toEqual(['cluster-scope/components/odh-dashboard']);
    expect(kafka.clusters).toEqual(['moc/smaug']);
  });

  it('reads quota tiers from components/resourcequotas', () => {
    const tiered = inventory.namespaces.filter((n) => n.tier !== undefined);
    expect(tiered.length).toBeGreaterThan(50);
    expect(inventory.tiers.map((t) => t.name)).toEqual(['large', 'medium', 'small', 'x-small']);
    expect(inventory.tiers.find((t) => t.name === 'small')?.hard['limits.memory']).toBe('4Gi');
  });

  it('counts the four platform namespace directories that hold only a kustomization', () => {
    const bare = inventory.namespaces.filter((n) => !n.hasNamespaceFile).map((n) => n.name);
    expect(bare).toEqual(
      expect.arrayContaining([
        'openshift-insights',
        'openshift-monitoring',
        'openshift-operators',
        'openshift-pipelines',
      ]),
    );
    expect(inventory.namespaces.find((n) => n.name === 'openshift-monitoring')?.monitoring).toBe(
      true,
    );
  });

  it('reads groups with their members, including apex whose group.yaml is missing', () => {
    const apex = inventory.groups.find((g) => g.name === 'apex')!;
    expect(apex.hasGroupFile).toBe(false);
    const lotus = inventory.groups.find((g) => g.name === 'lotus')!;
    expect(lotus.users).toEqual(['coryschwartz']);
    expect(lotus.inCommon).toBe(true);
  });

  it('reads the ArgoCD AppProjects with destinations and groups', () => {
    expect(inventory.appProjects).toHaveLength(16);
    const kruize = inventory.appProjects.find((p) => p.name === 'kruize')!;
    expect(kruize.destinations).toEqual([
      {
        namespace: 'openshift-tuning',
        name: 'smaug',
        server: 'https://api.smaug.na.operate-first.cloud:6443',
      },
    ]);
    expect(kruize.groups).toEqual(['kruize', 'operate-first']);
  });

  it('lists what it does not model instead of dropping it', () => {
    const paths = new Set(inventory.unmodelled.map((u) => u.path));
    expect(paths.has('cluster-scope/base/core/namespaces/okd-team/limits.yaml')).toBe(true);
    const sops = inventory.unmodelled.find((u) => u.path.endsWith('.enc.yaml'));
    expect(sops?.kinds.length).toBeGreaterThan(0);
    expect(paths.has('cluster-scope/base/core/namespaces/opf-kafka/namespace.yaml')).toBe(false);
    expect(paths.has('cluster-scope/base/core/namespaces/opf-kafka/kustomization.yaml')).toBe(
      false,
    );
  });
});

describe('importRepository on a small tree', () => {
  it('lists kustomization fields it does not model instead of dropping them', () => {
    const repo = copyTree(TESTDATA_BASE);
    const file = join(repo, 'cluster-scope/base/core/namespaces/alpha/kustomization.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}patches:\n  - path: extra.yaml\n`);
    const alpha = importRepository(repo).namespaces.find((n) => n.name === 'alpha')!;
    expect(alpha.otherFields).toEqual(['patches']);
    expect(alpha.tier).toBe('small');
  });

  it('refuses a directory that is not an apps repository', () => {
    expect(() => importRepository(tempDir())).toThrow(/not an apps repository/);
  });
});
