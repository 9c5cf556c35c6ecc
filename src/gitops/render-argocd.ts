import { stringify } from 'yaml';

const ACTIONS = ['get', 'create', 'update', 'delete', 'sync', 'override', 'action/*'];

function toText(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

export function renderAppProject(
  team: string,
  destinations: { namespace: string; name: string }[],
  groups: string[],
): string {
  return toText({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: team },
    spec: {
      destinations,
      sourceRepos: ['*'],
      roles: [
        {
          name: 'project-admin',
          description: 'Read/Write access to this project only',
          policies: ACTIONS.map(
            (action) => `p, proj:${team}:project-admin, applications, ${action}, ${team}/*, allow`,
          ),
          groups,
        },
      ],
    },
  });
}

export function renderApplication(
  name: string,
  project: string,
  cluster: string,
  source: { repoURL: string; path: string; targetRevision: string; namespace: string },
): string {
  return toText({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: {
      project,
      source: { repoURL: source.repoURL, path: source.path, targetRevision: source.targetRevision },
      destination: { name: cluster, namespace: source.namespace },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  });
}
