import { normaliseClusterRef, OpfError, type RequestSpec } from '../core/index.ts';
import type { Draft } from './draft.ts';
import { APPPROJECTS_DIR } from './layout.ts';
import { kustomizationPath } from './plan-steps.ts';
import { renderKustomization } from './render.ts';
import { renderApplication, renderAppProject } from './render-argocd.ts';
import { addListItem } from './yaml-edit.ts';

export const APPLICATIONS_DIR = 'argocd/overlays/moc-infra/applications/envs';

/**
 * The team's ArgoCD AppProject (its namespaces as destinations, the team and the ops group
 * as project admins) and one Application per workload, bound to that project.
 */
export function planArgocd(draft: Draft, request: RequestSpec, opsGroup: string): void {
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
  const project = renderAppProject(team, destinations, [team, opsGroup]);
  const existing = draft.read(projectFile);
  // The same project again is a re-run; another one needs a person to merge destinations.
  if (existing !== undefined && existing !== project)
    throw new OpfError(
      'OPF_ERR_GITOPS_EDIT_UNSUPPORTED',
      `the AppProject ${projectFile} exists already; add the destinations by hand`,
    );
  draft.write(projectFile, project);
  const projects = kustomizationPath(draft, APPPROJECTS_DIR);
  draft.edit(projects, (t) => addListItem(projects, t, 'resources', `${team}.yaml`));

  const byDir = new Map<string, string[]>();
  for (const app of request.argocd.applications) {
    const cluster = clusterOfNs.get(app.namespace);
    if (!cluster)
      throw new OpfError(
        'OPF_ERR_VALIDATION',
        `application "${app.name}" deploys to namespace "${app.namespace}", which the request does not ask for`,
      );
    const [env = '', name = ''] = cluster;
    const dir = `${APPLICATIONS_DIR}/${env}/${name}/${team}`;
    draft.write(
      `${dir}/${app.name}.yaml`,
      renderApplication(app.name, team, name, {
        repoURL: app.repoUrl,
        path: app.path,
        targetRevision: app.targetRevision,
        namespace: app.namespace,
      }),
    );
    byDir.set(dir, [...(byDir.get(dir) ?? []), `${app.name}.yaml`]);
  }
  for (const [dir, files] of byDir) {
    const file = kustomizationPath(draft, dir);
    if (!draft.exists(file)) draft.write(file, renderKustomization(files));
    else for (const f of files) draft.edit(file, (t) => addListItem(file, t, 'resources', f));
  }
}
