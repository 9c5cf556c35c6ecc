import type { RequestSpecInput } from '../../shared/types.ts';

/** What the wizard edits: strings as typed, turned into a request spec only to check or send. */
export interface NamespaceDraft {
  name: string;
  cluster: string;
  tier: string;
  description: string;
}

export interface ApplicationDraft {
  name: string;
  repoUrl: string;
  path: string;
  namespace: string;
}

export interface WizardDraft {
  project: {
    name: string;
    displayName: string;
    description: string;
    repositoryUrl: string;
    docsUrl: string;
  };
  team: { name: string; owner: string; members: string };
  namespaces: NamespaceDraft[];
  argocd: { enabled: boolean; applications: ApplicationDraft[] };
  accepted: string[];
}

export function emptyNamespace(cluster = '', tier = 'small'): NamespaceDraft {
  return { name: '', cluster, tier, description: '' };
}

export function emptyApplication(): ApplicationDraft {
  return { name: '', repoUrl: '', path: '.', namespace: '' };
}

export function emptyDraft(): WizardDraft {
  return {
    project: { name: '', displayName: '', description: '', repositoryUrl: '', docsUrl: '' },
    team: { name: '', owner: '', members: '' },
    namespaces: [emptyNamespace()],
    argocd: { enabled: false, applications: [] },
    accepted: [],
  };
}

const KEY = 'opf.requestDraft';

/** Drafts live in this browser until submitted, so closing the tab loses nothing. */
export function loadDraft(): WizardDraft {
  try {
    const text = localStorage.getItem(KEY);
    if (text) return { ...emptyDraft(), ...(JSON.parse(text) as Partial<WizardDraft>) };
  } catch {
    // an unreadable draft is dropped
  }
  return emptyDraft();
}

export function saveDraft(draft: WizardDraft): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(draft));
  } catch {
    // storage refused: the draft lasts for this page only
  }
}

export function clearDraft(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing kept
  }
}

const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());

export function memberList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((m) => m.trim())
    .filter(Boolean);
}

/** The request as the API takes it: empty optional fields are left out, not sent as "". */
export function toSpec(draft: WizardDraft, termsVersion: string): RequestSpecInput {
  const { project, team } = draft;
  return {
    project: {
      name: project.name.trim(),
      description: project.description.trim(),
      ...(optional(project.displayName) && { displayName: optional(project.displayName) }),
      ...(optional(project.repositoryUrl) && { repositoryUrl: optional(project.repositoryUrl) }),
      ...(optional(project.docsUrl) && { docsUrl: optional(project.docsUrl) }),
    },
    team: { name: team.name.trim(), owner: team.owner.trim(), members: memberList(team.members) },
    namespaces: draft.namespaces.map((ns) => ({
      name: ns.name.trim(),
      cluster: ns.cluster,
      ...(ns.tier && { tier: ns.tier }),
      ...(optional(ns.description) && { description: optional(ns.description) }),
    })),
    argocd: {
      enabled: draft.argocd.enabled,
      applications: draft.argocd.enabled
        ? draft.argocd.applications.map((app) => ({
            name: app.name.trim(),
            repoUrl: app.repoUrl.trim(),
            path: app.path.trim() || '.',
            namespace: app.namespace,
          }))
        : [],
    },
    terms: { version: termsVersion, accepted: draft.accepted },
  };
}
