/**
 * Error codes of the GitOps engine (src/gitops), kept in their own file so the registry in
 * errors.ts stays readable. Same rules: stable, never reused. Validation findings carry
 * these codes too, so a finding and a refused change read the same way.
 */
export const GITOPS_ERROR_REGISTRY = {
  OPF_ERR_GITOPS_REPO_INVALID: {
    kind: 'input',
    summary: 'The directory is not an apps repository in the Operate First layout.',
  },
  OPF_ERR_GITOPS_YAML_INVALID: {
    kind: 'input',
    summary: 'A file of the apps repository is not valid YAML.',
  },
  OPF_ERR_GITOPS_PATH_MISSING: {
    kind: 'input',
    summary: 'A kustomization lists a resource or file that does not exist.',
  },
  OPF_ERR_GITOPS_PATH_OUTSIDE: {
    kind: 'input',
    summary: 'A kustomization points outside the repository.',
  },
  OPF_ERR_GITOPS_COMPONENT_MISSING: {
    kind: 'input',
    summary: 'A kustomization lists a component that does not exist.',
  },
  OPF_ERR_GITOPS_GROUP_MISSING: {
    kind: 'input',
    summary: 'A role binding names a group the repository does not define.',
  },
  OPF_ERR_GITOPS_NAME_INVALID: {
    kind: 'input',
    summary: 'A namespace or group in the repository is not an RFC 1123 label.',
  },
  OPF_ERR_GITOPS_QUANTITY_INVALID: {
    kind: 'input',
    summary: 'A quota in the repository holds a value that is not a Kubernetes quantity.',
  },
  OPF_ERR_GITOPS_NAMESPACE_TWICE: {
    kind: 'input',
    summary: 'A namespace reaches the same cluster twice.',
  },
  OPF_ERR_GITOPS_KUSTOMIZE_FAILED: {
    kind: 'input',
    summary: '`kubectl kustomize` cannot build a directory.',
  },
  OPF_ERR_GITOPS_VALIDATION_FAILED: {
    kind: 'input',
    summary: 'The change would add validation findings to the repository; nothing was written.',
  },
  OPF_ERR_GITOPS_SCHEMA_INVALID: {
    kind: 'input',
    summary: 'An object the change would write does not pass its Kubernetes (or ArgoCD) schema.',
  },
  OPF_ERR_GITOPS_FINDINGS: {
    kind: 'input',
    summary: 'The repository has validation findings (each is printed with its path).',
    exitCode: 8,
  },
  OPF_ERR_GITOPS_NAMESPACE_EXISTS: {
    kind: 'conflict',
    summary: 'The namespace already exists in the apps repository.',
  },
  OPF_ERR_GITOPS_NAMESPACE_MISNAMED: {
    kind: 'input',
    summary: 'A namespace directory makes a namespace of another name (a validation finding).',
  },
  OPF_ERR_GITOPS_NAMESPACE_UNKNOWN: {
    kind: 'not-found',
    summary: 'The namespace is not in the apps repository.',
  },
  OPF_ERR_GITOPS_GROUP_UNKNOWN: {
    kind: 'not-found',
    summary: 'The group is not in the apps repository.',
  },
  OPF_ERR_GITOPS_GROUP_EXISTS: {
    kind: 'conflict',
    summary:
      'The group already exists in the apps repository (create-group --exists-ok reuses it).',
  },
  OPF_ERR_GITOPS_SUBSCRIPTION_EXISTS: {
    kind: 'conflict',
    summary: 'An operator subscription of that name exists with other settings.',
  },
  OPF_ERR_GITOPS_CONFIG_INVALID: {
    kind: 'input',
    summary:
      "opfcli's configuration file (.opfcli.yaml) is not a mapping, or its repo-dir or app-name is not a string.",
  },
  OPF_ERR_GITOPS_APP_NAME_UNSUPPORTED: {
    kind: 'input',
    summary:
      "opfcli's -a/--app-name names an application directory other than cluster-scope, the only one opf's engine reads and writes.",
  },
  OPF_ERR_GITOPS_APPLICATION_CLASH: {
    kind: 'conflict',
    summary:
      "An ArgoCD Application of that name is already in the cluster's applications overlay (names must be unique there).",
  },
  OPF_ERR_GITOPS_CLUSTER_UNKNOWN: {
    kind: 'input',
    summary: 'The cluster has no overlay (cluster-scope/overlays/prod/<env>/<cluster>).',
  },
  OPF_ERR_GITOPS_TIER_UNKNOWN: {
    kind: 'input',
    summary: 'The quota tier has no component (cluster-scope/components/resourcequotas/<tier>).',
  },
  OPF_ERR_GITOPS_ROLE_INVALID: {
    kind: 'input',
    summary: 'The role is not one of admin, edit or view.',
  },
  OPF_ERR_GITOPS_EDIT_UNSUPPORTED: {
    kind: 'conflict',
    summary: 'A file has a shape opf cannot edit without rewriting it; edit it by hand.',
  },
  OPF_ERR_GITOPS_BUSY: {
    kind: 'conflict',
    summary: 'Another opf process is changing this repository.',
  },
  OPF_ERR_GITOPS_STALE_PLAN: {
    kind: 'conflict',
    summary: 'A file changed after the change was planned; plan again.',
  },
  OPF_ERR_GITOPS_WORKTREE_DIRTY: {
    kind: 'conflict',
    summary: 'Files the change touches have uncommitted changes; commit or stash them first.',
  },
  OPF_ERR_GITOPS_WRITE_FAILED: {
    kind: 'internal',
    summary: 'Writing the change failed; the repository was restored as it was.',
  },
  OPF_ERR_GITOPS_GIT_FAILED: {
    kind: 'internal',
    summary: 'A git command failed.',
  },
  OPF_ERR_GITOPS_NOT_CONFIGURED: {
    // 409, not 503: the server works; this opf was started without a GitOps repository
    // (no OPF_GITOPS_REMOTE, and no local repository of its own), a state no request can change.
    kind: 'conflict',
    summary: 'This opf has no GitOps repository configured, so it cannot plan or write changes.',
  },
  OPF_ERR_GITOPS_GIT_TIMEOUT: {
    kind: 'unavailable',
    summary:
      'A git command ran past its deadline (OPF_GIT_TIMEOUT_SECONDS for remotes, OPF_GIT_LOCAL_TIMEOUT_SECONDS otherwise) and was stopped.',
  },
  OPF_ERR_GITOPS_KUSTOMIZE_TIMEOUT: {
    kind: 'unavailable',
    summary:
      '`kubectl kustomize` ran past its deadline (OPF_KUSTOMIZE_TIMEOUT_SECONDS) and was stopped.',
  },
} as const;
