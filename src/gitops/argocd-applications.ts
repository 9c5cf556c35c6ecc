import { posix } from 'node:path';
import { OpfError } from '../core/index.ts';
import type { Draft } from './draft.ts';
import { resolveRef } from './layout.ts';
import { kustomizationPath } from './plan-steps.ts';
import { addListItem } from './yaml-edit.ts';
import { isObject, parseYamlText, stringList } from './yaml-read.ts';

/**
 * The applications overlay of the real repository: argocd/overlays/moc-infra/applications/
 * envs/<env>/<cluster>/kustomization.yaml lists one directory per team, puts every
 * Application in the argocd namespace and suffixes its name with -<cluster>; the cluster's
 * app-of-apps Application applies that overlay. An Application is created only when its
 * team's directory is listed there.
 */
export const APPLICATIONS_DIR = 'argocd/overlays/moc-infra/applications/envs';

export function clusterApplicationsDir(env: string, cluster: string): string {
  return `${APPLICATIONS_DIR}/${env}/${cluster}`;
}

/** The cluster overlay directory an applications path belongs to, if it is under one. */
export function applicationsOverlayOf(path: string): string | undefined {
  const match = new RegExp(`^(${APPLICATIONS_DIR}/[^/]+/[^/]+)/`).exec(path);
  return match?.[1];
}

/** List the team's directory in the cluster's overlay, creating the overlay in its real form. */
export function listTeamDirectory(draft: Draft, env: string, cluster: string, team: string): void {
  const dir = clusterApplicationsDir(env, cluster);
  const file = kustomizationPath(draft, dir);
  if (!draft.exists(file))
    draft.write(
      file,
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'namespace: argocd',
        `nameSuffix: -${cluster}`,
        'resources:',
        `  - ${team}`,
        '',
      ].join('\n'),
    );
  else draft.edit(file, (t) => addListItem(file, t, 'resources', team));
}

/**
 * The Applications kustomize builds from a cluster's applications overlay, by the name each
 * gets below the overlay (namePrefix/nameSuffix of nested kustomizations applied; the
 * overlay's own suffix is common to all, so it does not change which names clash).
 */
export function applicationsIn(draft: Draft, overlay: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const visit = (dir: string, prefix: string, suffix: string, depth: number) => {
    const file = kustomizationPath(draft, dir);
    const text = draft.read(file);
    if (text === undefined || depth > 20) return;
    const data = parseYamlText(file, text).docs[0];
    if (!isObject(data)) return;
    const before = depth === 0 ? '' : typeof data.namePrefix === 'string' ? data.namePrefix : '';
    const after = depth === 0 ? '' : typeof data.nameSuffix === 'string' ? data.nameSuffix : '';
    for (const ref of stringList(data.resources)) {
      const path = resolveRef(dir, ref);
      if (path === undefined || path.startsWith('..')) continue;
      const content = draft.read(path);
      if (content === undefined) {
        visit(path, `${prefix}${before}`, `${after}${suffix}`, depth + 1);
        continue;
      }
      for (const doc of parseYamlText(path, content).docs)
        if (isObject(doc) && doc.kind === 'Application' && isObject(doc.metadata)) {
          const name = `${prefix}${before}${String(doc.metadata.name)}${after}${suffix}`;
          found.set(name, [...(found.get(name) ?? []), path]);
        }
    }
  };
  visit(overlay, '', '', 0);
  return found;
}

/**
 * Application names are unique in a cluster's overlay (kustomize refuses two objects of one
 * kind and name, and ArgoCD keeps one Application per name): a clash is refused, never
 * renamed, so the name a team asked for is the name it gets (docs/gitops.md). Checked on the
 * draft once the team's directory is listed.
 */
export function assertApplicationUnique(
  draft: Draft,
  overlay: string,
  name: string,
  path: string,
): void {
  const holder = applicationsIn(draft, overlay)
    .get(name)
    ?.find((other) => other !== path);
  if (holder !== undefined)
    throw new OpfError(
      'OPF_ERR_GITOPS_APPLICATION_CLASH',
      `an Application named "${name}" is already in ${overlay} (${holder}); choose another name`,
    );
}

/** Whether a directory path is a team directory directly under a cluster's applications overlay. */
export function isTeamDirectory(dir: string): boolean {
  const overlay = applicationsOverlayOf(`${dir}/`);
  return overlay !== undefined && posix.dirname(dir) === overlay;
}
