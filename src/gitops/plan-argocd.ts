import { normaliseClusterRef, type OnboardSpec, OpfError } from '../core/index.ts';
import {
  assertApplicationUnique,
  clusterApplicationsDir,
  listTeamDirectory,
} from './argocd-applications.ts';
import type { Draft } from './draft.ts';
import { APPPROJECTS_DIR } from './layout.ts';
import { kustomizationPath } from './plan-steps.ts';
import { renderKustomization } from './render.ts';
import { renderApplication, renderAppProject } from './render-argocd.ts';
import { addListItem, appendNestedMap } from './yaml-edit.ts';
import { findKind, isObject, parseYamlText } from './yaml-read.ts';

export { APPLICATIONS_DIR } from './argocd-applications.ts';

/**
 * The team's ArgoCD AppProject (its namespaces as destinations, the team and the ops group
 * as project admins) and one Application per workload, bound to that project.
 */
export function planArgocd(draft: Draft, request: OnboardSpec, opsGroup: string): void {
  if (!request.argocd.enabled) return;
  const team = request.team.name;
  const clusterOfNs = new Map(
    request.namespaces.map((ns) => [ns.name, normaliseClusterRef(ns.cluster).split('/')]),
  );
  const projectFile = `${APPPROJECTS_DIR}/${team}.yaml`;
  const destinations = request.namespaces.map((ns) => ({
    namespace: ns.name,
    name: clusterOfNs.get(ns.name)![1]!,
  }));
  const existing = draft.read(projectFile);
  if (existing === undefined)
    draft.write(projectFile, renderAppProject(team, destinations, [team, opsGroup]));
  // The team has a project already (an earlier request, or written by hand): it gains the
  // destinations it does not cover yet; its roles and everything else stay as they are.
  else
    for (const destination of uncovered(projectFile, existing, destinations))
      draft.edit(projectFile, (t) =>
        appendNestedMap(projectFile, t, ['spec', 'destinations'], {
          namespace: destination.namespace,
          name: destination.name,
        }),
      );
  const projects = kustomizationPath(draft, APPPROJECTS_DIR);
  draft.edit(projects, (t) => addListItem(projects, t, 'resources', `${team}.yaml`));

  const byDir = new Map<string, { env: string; cluster: string; files: string[] }>();
  const written: { overlay: string; name: string; path: string }[] = [];
  for (const app of request.argocd.applications) {
    const cluster = clusterOfNs.get(app.namespace);
    if (!cluster)
      throw new OpfError(
        'OPF_ERR_VALIDATION',
        `application "${app.name}" deploys to namespace "${app.namespace}", which the request does not ask for`,
      );
    const [env = '', name = ''] = cluster;
    const overlay = clusterApplicationsDir(env, name);
    const dir = `${overlay}/${team}`;
    const path = `${dir}/${app.name}.yaml`;
    if (written.some((w) => w.path === path))
      throw new OpfError(
        'OPF_ERR_GITOPS_APPLICATION_CLASH',
        `the request names application "${app.name}" twice on cluster ${env}/${name}`,
      );
    draft.write(
      path,
      renderApplication(app.name, team, name, {
        repoURL: app.repoUrl,
        path: app.path,
        targetRevision: app.targetRevision,
        namespace: app.namespace,
      }),
    );
    written.push({ overlay, name: app.name, path });
    const entry = byDir.get(dir) ?? { env, cluster: name, files: [] };
    entry.files.push(`${app.name}.yaml`);
    byDir.set(dir, entry);
  }
  for (const [dir, { env, cluster, files }] of byDir) {
    const file = kustomizationPath(draft, dir);
    if (!draft.exists(file)) draft.write(file, renderKustomization(files));
    else for (const f of files) draft.edit(file, (t) => addListItem(file, t, 'resources', f));
    // Listed in the cluster's overlay, or ArgoCD never creates the Applications.
    listTeamDirectory(draft, env, cluster, team);
  }
  for (const app of written) assertApplicationUnique(draft, app.overlay, app.name, app.path);
}

interface Destination {
  namespace: string;
  name: string;
}

/** The wanted destinations an existing AppProject does not already allow. */
function uncovered(path: string, text: string, wanted: Destination[]): Destination[] {
  const project = findKind(parseYamlText(path, text), 'AppProject');
  const spec = isObject(project?.spec) ? project.spec : {};
  if (!project || !Array.isArray(spec.destinations))
    throw new OpfError(
      'OPF_ERR_GITOPS_EDIT_UNSUPPORTED',
      `${path} is not an AppProject with a destinations list; add the destinations by hand`,
    );
  const present = spec.destinations.filter(isObject);
  return wanted.filter((want) => !allowedBy(path, present, want));
}

/**
 * Whether the project's destinations already let ArgoCD deploy there: one whose namespace
 * pattern (ArgoCD globs, such as `team*`) matches and that names the cluster, its API server,
 * or any (`*`). A denying one (`!pattern`) for that namespace is someone's decision, which opf
 * does not overrule: the change is refused for a person to look at.
 */
function allowedBy(path: string, present: Record<string, unknown>[], want: Destination): boolean {
  const pattern = (has: Record<string, unknown>) =>
    typeof has.namespace === 'string' ? has.namespace : '';
  const matches = (has: Record<string, unknown>, glob: string) =>
    globMatches(glob, want.namespace) && namesCluster(has, want.name);
  const denial = present.find(
    (has) => pattern(has).startsWith('!') && matches(has, pattern(has).slice(1)),
  );
  if (denial)
    throw new OpfError(
      'OPF_ERR_GITOPS_EDIT_UNSUPPORTED',
      `${path} denies namespace "${want.namespace}" (${pattern(denial)}); a person must decide whether the team may deploy there`,
    );
  return present.some((has) => !pattern(has).startsWith('!') && matches(has, pattern(has)));
}

function namesCluster(has: Record<string, unknown>, cluster: string): boolean {
  if (has.name === cluster || has.name === '*' || has.server === '*') return true;
  return typeof has.server === 'string' && has.server.includes(`//api.${cluster}.`);
}

function globMatches(pattern: string, value: string): boolean {
  return new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`).test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
