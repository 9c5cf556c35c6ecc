import { parseAllDocuments } from 'yaml';
import type { Inventory } from '../../src/gitops/index.ts';

/** What a cluster gets, as sets: namespaces, quotas (ns → name → hard), role-binding groups (ns → groups). */
export interface ClusterView {
  namespaces: Set<string>;
  quotas: Map<string, string>; // `${ns}/${name}` → canonical JSON of spec.hard
  roleBindings: Map<string, string>; // ns → sorted group subjects, joined
}

const canonical = (hard: Record<string, unknown>) =>
  JSON.stringify(
    Object.keys(hard)
      .sort()
      .map((k) => [k, String(hard[k])]),
  );

interface K8sObject {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: { hard?: Record<string, unknown> };
  subjects?: { kind?: string; name?: string }[];
}

/** From kustomize's output (multi-document YAML). */
export function viewFromKustomize(text: string): ClusterView {
  const view: ClusterView = { namespaces: new Set(), quotas: new Map(), roleBindings: new Map() };
  const groups = new Map<string, Set<string>>();
  for (const doc of parseAllDocuments(text, { uniqueKeys: false })) {
    const o = doc.toJS() as K8sObject | null;
    if (!o || typeof o !== 'object') continue;
    const meta = o.metadata ?? {};
    if (o.kind === 'Namespace') view.namespaces.add(String(meta.name));
    else if (o.kind === 'ResourceQuota')
      view.quotas.set(`${meta.namespace}/${meta.name}`, canonical(o.spec?.hard ?? {}));
    else if (o.kind === 'RoleBinding') {
      const ns = String(meta.namespace);
      const set = groups.get(ns) ?? new Set<string>();
      for (const s of Array.isArray(o.subjects) ? o.subjects : [])
        if (s?.kind === 'Group') set.add(String(s.name));
      groups.set(ns, set);
    }
  }
  for (const [ns, set] of groups)
    if (set.size > 0) view.roleBindings.set(ns, [...set].sort().join(','));
  return view;
}

/** From opf's inventory: what opf says lands on the cluster `env/name`. */
export function viewFromInventory(inv: Inventory, cluster: string): ClusterView {
  const view: ClusterView = { namespaces: new Set(), quotas: new Map(), roleBindings: new Map() };
  const entry = inv.clusters.find((c) => `${c.env}/${c.name}` === cluster);
  if (!entry) throw new Error(`no cluster ${cluster} in the inventory`);
  const byName = new Map(inv.namespaces.map((ns) => [ns.name, ns]));
  const tiers = new Map(inv.tiers.map((t) => [t.name, t]));
  const bindings = new Map(inv.roleBindings.map((rb) => [`${rb.role}/${rb.group}`, rb]));
  const patches = new Map(entry.quotas.map((q) => [q.namespace, q.tier]));
  const components = new Map(inv.bindingComponents.map((c) => [c.path, c]));
  for (const name of entry.namespaces) {
    const ns = byName.get(name);
    if (!ns) continue;
    // The name the cluster gets (a directory may make a namespace of another name).
    const real = ns.objectName ?? name;
    if (ns.hasNamespaceFile) view.namespaces.add(real);
    const tier = ns.tier === undefined ? undefined : tiers.get(ns.tier);
    if (tier) {
      const patched = patches.has(name) ? tiers.get(patches.get(name)!) : undefined;
      // A strategic-merge patch merges spec.hard key by key.
      view.quotas.set(`${real}/${tier.quotaName}`, canonical({ ...tier.hard, ...patched?.hard }));
    }
    if (ns.customQuota)
      view.quotas.set(`${real}/${ns.customQuota.name}`, canonical(ns.customQuota.hard));
    const groups = new Set<string>();
    for (const role of ['admin', 'edit', 'view'] as const)
      for (const g of ns.roleBindings[role])
        for (const s of bindings.get(`${role}/${g}`)?.subjects ?? []) groups.add(s);
    for (const path of ns.bindingComponents)
      for (const binding of components.get(path)?.bindings ?? [])
        for (const s of binding.subjects) if (s.kind === 'Group') groups.add(s.name);
    if (groups.size > 0) view.roleBindings.set(real, [...groups].sort().join(','));
  }
  return view;
}

export interface Difference {
  what: 'namespace' | 'quota' | 'role bindings';
  key: string;
  kustomize?: string;
  opf?: string;
}

export function compareViews(k: ClusterView, o: ClusterView): Difference[] {
  const out: Difference[] = [];
  for (const ns of k.namespaces)
    if (!o.namespaces.has(ns)) out.push({ what: 'namespace', key: ns, kustomize: 'present' });
  for (const ns of o.namespaces)
    if (!k.namespaces.has(ns)) out.push({ what: 'namespace', key: ns, opf: 'present' });
  const maps = [
    ['quota', k.quotas, o.quotas],
    ['role bindings', k.roleBindings, o.roleBindings],
  ] as const;
  for (const [what, km, om] of maps) {
    for (const key of new Set([...km.keys(), ...om.keys()]))
      if (km.get(key) !== om.get(key))
        out.push({
          what,
          key,
          ...(km.has(key) && { kustomize: km.get(key)! }),
          ...(om.has(key) && { opf: om.get(key)! }),
        });
  }
  return out.sort((a, b) => a.what.localeCompare(b.what) || a.key.localeCompare(b.key));
}
