import { beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/gitops/index.ts';
import { importRepository } from '../../src/gitops/index.ts';
import { FIXTURE } from './helpers.ts';

const C = 'cluster-scope/components';

// Read-only on the fixture; skipped only on a machine without it (NO_FIXTURE says why).
describe.skipIf(!FIXTURE)('role-binding components beyond a group’s admin/edit/view', () => {
  // In a hook, not at collection: without the fixture the suite is skipped, not failed.
  let inventory: Inventory;
  beforeAll(() => {
    inventory = importRepository(FIXTURE);
  });
  const ns = (name: string) => inventory.namespaces.find((n) => n.name === name)!;
  const component = (path: string) => inventory.bindingComponents.find((c) => c.path === path);

  it('reads the public, logs-reader and dashboard components with their roles and subjects', () => {
    expect(component(`${C}/project-view-public`)?.bindings).toEqual([
      {
        name: 'namespace-view-public',
        roleRef: { kind: 'ClusterRole', name: 'view' },
        subjects: [
          { kind: 'Group', name: 'system:authenticated' },
          { kind: 'Group', name: 'system:unauthenticated' },
        ],
      },
    ]);
    expect(component(`${C}/project-logs-reader`)?.bindings).toEqual([
      {
        name: 'project-logs-reader',
        roleRef: { kind: 'Role', name: 'project-logs-reader' },
        subjects: [{ kind: 'Group', name: 'system:authenticated' }],
      },
    ]);
    expect(component(`${C}/odh-dashboard`)?.bindings[0]?.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'odh-dashboard', namespace: 'opf-dashboard' },
    ]);
    expect(component(`${C}/project-admin-public-authenticated`)?.bindings[0]?.roleRef).toEqual({
      kind: 'ClusterRole',
      name: 'admin',
    });
  });

  it('lists them on the namespaces that use them, no longer as unmodelled entries', () => {
    expect(ns('openshift-tuning').bindingComponents).toEqual([`${C}/project-view-public`]);
    expect(ns('opf-jupyterhub').bindingComponents.sort()).toEqual([
      `${C}/odh-dashboard`,
      `${C}/project-logs-reader`,
    ]);
    expect(ns('opf-jupyterhub').otherEntries).toEqual([]);
    const unmodelled = new Set(inventory.unmodelled.map((u) => u.path));
    expect(unmodelled.has(`${C}/project-view-public/rbac.yaml`)).toBe(false);
    expect(unmodelled.has(`${C}/project-logs-reader/role.yaml`)).toBe(false);
  });

  it('knows the namespace a directory of another name makes', () => {
    expect(ns('curator-operator').objectName).toBe('curator-operator-system');
  });
});
