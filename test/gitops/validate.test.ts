import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isOpfError } from '../../src/core/index.ts';
import { type Finding, validateRepository } from '../../src/gitops/index.ts';
import { copyTree, FIXTURE } from './helpers.ts';

const MISSING = [
  'cluster-scope/base/apiextensions.k8s.io/customresourcedefinitions/replicationdestinations.volsync.backube/customresourcedefinition.yaml',
  'cluster-scope/base/apiextensions.k8s.io/customresourcedefinitions/replicationsources.volsync.backube/customresourcedefinition.yaml',
  'cluster-scope/base/rbac.authorization.k8s.io/clusterrolebindings/volsync-manager/clusterrolebinding.yaml',
  'cluster-scope/base/rbac.authorization.k8s.io/clusterrolebindings/volsync-proxy/clusterrolebinding.yaml',
  'cluster-scope/base/rbac.authorization.k8s.io/clusterroles/volsync-aggregate-to-edit/clusterrole.yaml',
  'cluster-scope/base/rbac.authorization.k8s.io/clusterroles/volsync-aggregate-to-view/clusterrole.yaml',
  'cluster-scope/base/rbac.authorization.k8s.io/clusterroles/volsync-manager/clusterrole.yaml',
  'cluster-scope/base/rbac.authorization.k8s.io/clusterroles/volsync-metrics-reader/clusterrole.yaml',
  'cluster-scope/base/rbac.authorization.k8s.io/clusterroles/volsync-proxy/clusterrole.yaml',
  'cluster-scope/base/security.openshift.io/securitycontextconstraints/volsync-mover/securitycontextconstraints.yaml',
  'cluster-scope/base/user.openshift.io/groups/apex/group.yaml',
  'cluster-scope/components/project-admin-rolebindings/apex/rbac.yaml',
];

// Skipped only on a machine without the shared fixture; the run prints why (NO_FIXTURE).
describe.skipIf(!FIXTURE)('validateRepository', () => {
  let repo: string;
  let all: Finding[];
  beforeAll(() => {
    repo = copyTree(FIXTURE);
    all = validateRepository(repo);
  });

  it('reports each of the fixture’s 12 missing files with its path and the file listing it', () => {
    const missing = all.filter((f) => f.code === 'OPF_ERR_GITOPS_PATH_MISSING');
    expect(missing.map((f) => f.path)).toEqual(MISSING);
    for (const finding of missing) {
      expect(finding.source).toBe(finding.path.replace(/[^/]+$/, 'kustomization.yaml'));
      expect(finding.message).toContain(finding.path);
    }
  });

  it('reports names that are not RFC 1123 labels and groups bound but not defined', () => {
    const findings = all;
    expect(findings).toContainEqual(
      expect.objectContaining({
        code: 'OPF_ERR_GITOPS_NAME_INVALID',
        path: 'cluster-scope/base/user.openshift.io/groups/demolab_team',
      }),
    );
    expect(
      findings.filter((f) => f.code === 'OPF_ERR_GITOPS_GROUP_MISSING').map((f) => f.path),
    ).toEqual([
      'cluster-scope/components/project-admin-rolebindings/openmetadata-admins',
      'cluster-scope/components/project-view-rolebindings/aiops-tools-workshop-view',
    ]);
  });

  it('reports the namespace directory that makes a namespace of another name', () => {
    expect(all.filter((f) => f.code === 'OPF_ERR_GITOPS_NAMESPACE_MISNAMED')).toEqual([
      expect.objectContaining({
        path: 'cluster-scope/base/core/namespaces/curator-operator',
        message: expect.stringContaining('"curator-operator-system"'),
      }),
    ]);
  });

  it('limits findings to what one cluster’s overlay reaches', () => {
    const smaug = validateRepository(repo, { cluster: 'moc/smaug' });
    expect(smaug.map((f) => f.code)).not.toContain('OPF_ERR_GITOPS_PATH_MISSING');
    expect(smaug.length).toBeLessThan(all.length);
  });

  it('refuses an unknown cluster with a stable code', () => {
    try {
      validateRepository(repo, { cluster: 'moc/nowhere' });
      expect.unreachable();
    } catch (error) {
      expect(isOpfError(error) && error.code).toBe('OPF_ERR_GITOPS_CLUSTER_UNKNOWN');
    }
  });
});

describe('validateRepository on small broken trees', () => {
  it('finds a missing component, a bad quantity, invalid YAML and a namespace listed twice', () => {
    const repo = copyTree(join(import.meta.dirname, '../../testdata/gitops/base'));
    const ns = 'cluster-scope/base/core/namespaces/alpha';
    writeFileSync(
      join(repo, ns, 'kustomization.yaml'),
      'namespace: alpha\nresources:\n- namespace.yaml\n- resourcequota.yaml\ncomponents:\n- ../../../../components/nope\n',
    );
    writeFileSync(
      join(repo, ns, 'resourcequota.yaml'),
      'kind: ResourceQuota\napiVersion: v1\nmetadata:\n  name: alpha-custom\nspec:\n  hard:\n    limits.cpu: lots\n',
    );
    writeFileSync(join(repo, 'cluster-scope/broken.yaml'), 'a: [\n');
    const overlay = join(repo, 'cluster-scope/overlays/prod/moc/smaug/kustomization.yaml');
    writeFileSync(
      overlay,
      'resources:\n- ../../../../base/core/namespaces/alpha\n- ../../../../base/core/namespaces/alpha/\n',
    );
    const codes = validateRepository(repo).map((f) => `${f.code} ${f.path}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'OPF_ERR_GITOPS_COMPONENT_MISSING cluster-scope/components/nope',
        `OPF_ERR_GITOPS_QUANTITY_INVALID ${ns}/resourcequota.yaml`,
        'OPF_ERR_GITOPS_YAML_INVALID cluster-scope/broken.yaml',
        'OPF_ERR_GITOPS_NAMESPACE_TWICE cluster-scope/overlays/prod/moc/smaug',
      ]),
    );
  });
});
