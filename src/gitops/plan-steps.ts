import { assertRfc1123Label, mergeUsers, OpfError } from '../core/index.ts';
import type { Draft } from './draft.ts';
import {
  COMMON_OVERLAY_DIR,
  groupDir,
  namespaceDir,
  type Role,
  relativeRef,
  roleBindingDir,
} from './layout.ts';
import { renderComponent, renderGroup, renderKustomization, renderRoleBinding } from './render.ts';
import type { Repository } from './repository.ts';
import { addListItem } from './yaml-edit.ts';
import { findKustomizationFile, parseYamlText } from './yaml-read.ts';

/** Steps shared by onboarding, grant-access and enable-monitoring. */

export function kustomizationPath(draft: Draft, dir: string): string {
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization'])
    if (draft.exists(`${dir}/${name}`)) return `${dir}/${name}`;
  return `${dir}/kustomization.yaml`;
}

/** The group exists with at least these users; logins already there (any case) are kept. */
export function ensureGroup(draft: Draft, group: string, users: readonly string[]): void {
  assertRfc1123Label(group, 'group');
  const dir = groupDir(group);
  const file = `${dir}/group.yaml`;
  const text = draft.read(file);
  if (text === undefined) draft.write(file, renderGroup(group, mergeUsers(users)));
  else {
    const current = parseYamlText(file, text).docs[0] as { users?: unknown } | undefined;
    const existing = Array.isArray(current?.users) ? current.users.map(String) : [];
    const added = mergeUsers(existing, users).slice(existing.length);
    draft.write(
      file,
      added.reduce((t, user) => addListItem(file, t, 'users', user), text),
    );
  }
  draft.create(kustomizationPath(draft, dir), renderKustomization(['group.yaml']));
  const common = kustomizationPath(draft, COMMON_OVERLAY_DIR);
  const ref = relativeRef(COMMON_OVERLAY_DIR, dir);
  draft.edit(common, (t) => addListItem(common, t, 'resources', ref));
}

export function ensureRoleBinding(draft: Draft, role: Role, group: string): string {
  const dir = roleBindingDir(role, group);
  if (!draft.exists(dir)) {
    draft.write(`${dir}/kustomization.yaml`, renderComponent(['rbac.yaml']));
    draft.write(`${dir}/rbac.yaml`, renderRoleBinding(role, group));
  }
  return dir;
}

/**
 * List a component in a namespace's kustomization. Older role-binding directories are plain
 * kustomizations, which kustomize accepts only under `resources`.
 */
export function addToNamespace(repo: Repository, draft: Draft, ns: string, target: string): void {
  const dir = namespaceDir(ns);
  const file = kustomizationPath(draft, dir);
  const text = draft.read(file);
  if (text === undefined)
    throw new OpfError(
      'OPF_ERR_GITOPS_NAMESPACE_UNKNOWN',
      `namespace "${ns}" has no kustomization`,
    );
  const ref = relativeRef(dir, target);
  const listed = parseYamlText(file, text).docs[0] as Record<string, unknown> | undefined;
  const all = [listed?.resources, listed?.components].flatMap((v) => (Array.isArray(v) ? v : []));
  if (all.some((entry) => String(entry).replace(/\/$/, '') === ref)) return;
  const key = isPlainKustomization(repo, draft, target) ? 'resources' : 'components';
  draft.write(file, addListItem(file, text, key, ref));
}

/** True when a directory holds a Kustomization rather than a Component. */
export function isPlainKustomization(repo: Repository, draft: Draft, dir: string): boolean {
  const file = findKustomizationFile(repo.fs, dir);
  const docs = file ? parseYamlText(file, draft.read(file) ?? '').docs : [];
  return docs.some((d) => (d as { kind?: unknown })?.kind === 'Kustomization');
}
