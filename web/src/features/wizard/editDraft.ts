import type { RequestSpecInput, RequestView } from '../../shared/types.ts';
import { emptyNamespace, type WizardDraft } from './draft.ts';

type Spec = RequestView['spec'];

/**
 * The wizard's fields, filled from a request. Terms accepted under another version are not
 * carried over: the current terms must be accepted again.
 */
export function fromSpec(spec: Spec, termsVersion: string): WizardDraft {
  const { project, team } = spec;
  return {
    project: {
      name: project.name,
      displayName: project.displayName ?? '',
      description: project.description,
      repositoryUrl: project.repositoryUrl ?? '',
      docsUrl: project.docsUrl ?? '',
    },
    team: { name: team.name, owner: team.owner, members: team.members.join(', ') },
    namespaces:
      spec.namespaces.length > 0
        ? spec.namespaces.map((ns) => ({
            name: ns.name,
            cluster: ns.cluster,
            tier: ns.tier ?? '',
            description: ns.description ?? '',
          }))
        : [emptyNamespace()],
    argocd: {
      enabled: spec.argocd.enabled,
      applications: spec.argocd.applications.map((app) => ({
        name: app.name,
        repoUrl: app.repoUrl,
        path: app.path,
        namespace: app.namespace,
      })),
    },
    accepted: spec.terms.version === termsVersion ? [...spec.terms.accepted] : [],
  };
}

/**
 * What the wizard has no field for (contacts, a namespace's display name, custom quota, limit
 * range and monitoring, an application's revision) is kept from the request being edited, so
 * saving an edit never drops it. A custom quota is kept only while the tier is unchanged.
 */
export function keepUnedited(spec: RequestSpecInput, base: Spec): RequestSpecInput {
  const baseNamespace = new Map(base.namespaces.map((ns) => [ns.name, ns]));
  const baseApp = new Map(base.argocd.applications.map((app) => [app.name, app]));
  return {
    ...spec,
    project: { ...spec.project, contacts: base.project.contacts },
    namespaces: spec.namespaces.map((ns) => {
      const was = baseNamespace.get(ns.name);
      if (!was) return ns;
      return {
        ...ns,
        ...(was.displayName && { displayName: was.displayName }),
        limitRange: was.limitRange,
        monitoring: was.monitoring,
        ...(was.customQuota &&
          (ns.tier ?? '') === (was.tier ?? '') && { customQuota: was.customQuota }),
      };
    }),
    argocd: {
      enabled: spec.argocd?.enabled ?? false,
      applications: (spec.argocd?.applications ?? []).map((app) => {
        const was = baseApp.get(app.name);
        return was ? { ...app, targetRevision: was.targetRevision } : app;
      }),
    },
  };
}

/** An edit in progress is kept per request, with the version it started from. */
const keyOf = (id: number) => `opf.requestEdit.${id}`;

interface StoredEdit {
  version: number;
  draft: WizardDraft;
}

/**
 * The edit this browser kept for the request, if it was made from the request's current
 * version; otherwise (someone changed it since, or nothing kept) the request as it is.
 */
export function loadEditDraft(request: RequestView, termsVersion: string): WizardDraft {
  try {
    const text = localStorage.getItem(keyOf(request.id));
    if (text) {
      const stored = JSON.parse(text) as Partial<StoredEdit>;
      if (stored.version === request.version && stored.draft) return stored.draft;
    }
  } catch {
    // an unreadable edit is dropped
  }
  return fromSpec(request.spec, termsVersion);
}

export function saveEditDraft(request: RequestView, draft: WizardDraft): void {
  try {
    const stored: StoredEdit = { version: request.version, draft };
    localStorage.setItem(keyOf(request.id), JSON.stringify(stored));
  } catch {
    // storage refused: the edit lasts for this page only
  }
}

export function clearEditDraft(id: number): void {
  try {
    localStorage.removeItem(keyOf(id));
  } catch {
    // nothing kept
  }
}
