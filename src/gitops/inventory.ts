import type { Role } from './layout.ts';

/** What an apps repository holds, as opf models it. Paths are repo-relative. */
export interface Inventory {
  clusters: ClusterEntry[];
  namespaces: NamespaceEntry[];
  groups: GroupEntry[];
  tiers: TierEntry[];
  roleBindings: RoleBindingEntry[];
  /**
   * Directories a namespace lists that bind roles other than a group's admin/edit/view (the
   * real repository's project-view-public, project-admin-public(-authenticated),
   * project-logs-reader, odh-dashboard...): their RoleBindings, as kustomize builds them.
   */
  bindingComponents: BindingComponentEntry[];
  appProjects: AppProjectEntry[];
  /** Files opf reads but does not model: kept as they are and never rewritten. */
  unmodelled: UnmodelledEntry[];
}

export interface ClusterEntry {
  env: string;
  name: string;
  /** The overlay directory. */
  path: string;
  /** Every namespace that lands on the cluster (through nested kustomizations too), sorted. */
  namespaces: string[];
  /** The namespace directories the overlay lists itself (its `resources`). */
  directNamespaces: string[];
  /** Namespaces reached more than once (kustomize refuses these). */
  duplicates: string[];
  /** Per-cluster quota tiers: strategic-merge patches of a namespace's tier quota. */
  quotas: ClusterQuota[];
}

export interface ClusterQuota {
  namespace: string;
  tier: string;
  /** The patch file. */
  path: string;
}

export interface CustomQuota {
  path: string;
  name: string;
  hard: Record<string, string>;
}

export interface NamespaceEntry {
  name: string;
  path: string;
  /** False for directories that only add components to a namespace the platform creates. */
  hasNamespaceFile: boolean;
  /**
   * The namespace the directory makes or extends on the cluster (its Namespace's name, else
   * the kustomization's `namespace:`), when it says; normally the same as `name`.
   */
  objectName?: string;
  annotations: Record<string, string>;
  displayName?: string;
  requester?: string;
  tier?: string;
  customQuota?: CustomQuota;
  limitRange: boolean;
  monitoring: boolean;
  roleBindings: Record<Role, string[]>;
  /** The binding components (Inventory.bindingComponents) it lists, by path. */
  bindingComponents: string[];
  /** Components and resources the model does not interpret, as listed. */
  otherEntries: string[];
  /** Kustomization fields beyond namespace, resources and components (patches...), kept as is. */
  otherFields: string[];
  /** env/name of each cluster the namespace lands on. */
  clusters: string[];
}

export interface GroupEntry {
  name: string;
  path: string;
  users: string[];
  /** False when the directory exists but group.yaml does not. */
  hasGroupFile: boolean;
  /** Listed in overlays/prod/common, so present on every cluster. */
  inCommon: boolean;
}

export interface TierEntry {
  name: string;
  path: string;
  /** metadata.name of the tier's ResourceQuota (what a per-cluster patch must match). */
  quotaName: string;
  hard: Record<string, string>;
}

export interface RoleBindingEntry {
  role: Role;
  group: string;
  path: string;
  /** The groups its RoleBinding subjects name. */
  subjects: string[];
}

export interface BindingSubject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface BindingComponentEntry {
  path: string;
  bindings: {
    name: string;
    /** What is bound: a ClusterRole or a Role (the component may bring the Role itself). */
    roleRef: { kind: string; name: string };
    /** Groups (system:authenticated and system:unauthenticated too), users, service accounts. */
    subjects: BindingSubject[];
  }[];
}

export interface AppProjectEntry {
  name: string;
  path: string;
  destinations: { namespace: string; name?: string; server?: string }[];
  groups: string[];
}

export interface UnmodelledEntry {
  path: string;
  /** The `kind:` values the file declares (SOPS files keep them in clear). */
  kinds: string[];
}
