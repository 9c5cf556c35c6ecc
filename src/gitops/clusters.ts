import { isOutside, NAMESPACES_DIR, OVERLAYS_DIR, resolveRef } from './layout.ts';
import type { RepoFs } from './repo-fs.ts';
import { type Kustomization, readKustomization } from './yaml-read.ts';

export interface ClusterRef {
  env: string;
  name: string;
  path: string;
}

/** The cluster overlays: overlays/prod/<env>/<cluster>/ holding a kustomization. */
export function listClusterOverlays(fs: RepoFs): ClusterRef[] {
  const out: ClusterRef[] = [];
  for (const env of fs.list(OVERLAYS_DIR)) {
    if (env === 'common' || fs.kind(`${OVERLAYS_DIR}/${env}`) !== 'dir') continue;
    for (const name of fs.list(`${OVERLAYS_DIR}/${env}`)) {
      const path = `${OVERLAYS_DIR}/${env}/${name}`;
      if (name === 'common' || fs.kind(path) !== 'dir') continue;
      if (readKustomization(fs, path)) out.push({ env, name, path });
    }
  }
  return out;
}

export interface Reach {
  /** Each namespace reached, once per way it was reached. */
  namespaceHits: string[];
  /** Every kustomization directory visited (the overlay first). */
  dirs: string[];
}

const NS_PREFIX = `${NAMESPACES_DIR}/`;

/**
 * Follow `resources` (and legacy `bases`) from an overlay, as kustomize would, recording the
 * namespace directories reached. A namespace directory ends the walk: its own entries are
 * namespace content, not more namespaces.
 */
export function reachFrom(
  fs: RepoFs,
  dir: string,
  cache = new Map<string, Kustomization | null>(),
): Reach {
  const namespaceHits: string[] = [];
  const dirs: string[] = [];
  const visiting = new Set<string>();
  const read = (d: string) => {
    if (!cache.has(d)) cache.set(d, readKustomization(fs, d) ?? null);
    return cache.get(d) ?? undefined;
  };
  const visit = (current: string) => {
    if (visiting.has(current)) return;
    visiting.add(current);
    dirs.push(current);
    const k = read(current);
    if (!k) return;
    const refs = [
      ...k.resources,
      ...k.fileRefs.filter((r) => r.field === 'bases').map((r) => r.ref),
    ];
    for (const ref of refs) {
      const target = resolveRef(current, ref);
      if (target === undefined || isOutside(target) || fs.kind(target) !== 'dir') continue;
      if (target.startsWith(NS_PREFIX) && !target.slice(NS_PREFIX.length).includes('/')) {
        namespaceHits.push(target.slice(NS_PREFIX.length));
        dirs.push(target);
        continue;
      }
      visit(target);
    }
    visiting.delete(current);
  };
  visit(dir);
  return { namespaceHits, dirs };
}
