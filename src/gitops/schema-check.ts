import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { LimitRange } from 'kubernetes-models/v1/LimitRange';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { ResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { parseAllDocuments } from 'yaml';
import type { FileChange } from './changes.ts';
import type { Finding } from './validate.ts';

type Validator = (object: unknown) => void;

/** The kinds opf writes, each checked against its Kubernetes (or ArgoCD) schema. */
const VALIDATORS: Record<string, Validator> = {
  'v1/Namespace': (o) => new Namespace(o as never).validate(),
  'v1/ResourceQuota': (o) => new ResourceQuota(o as never).validate(),
  'v1/LimitRange': (o) => new LimitRange(o as never).validate(),
  'rbac.authorization.k8s.io/v1/RoleBinding': (o) => new RoleBinding(o as never).validate(),
  'argoproj.io/v1alpha1/AppProject': (o) => new AppProject(o as never).validate(),
  'argoproj.io/v1alpha1/Application': (o) => new Application(o as never).validate(),
  // OpenShift's Group has no published model: its schema is small enough to state here.
  'user.openshift.io/v1/Group': validateGroup,
  // OLM publishes no models either; these are the fields opf writes.
  'operators.coreos.com/v1/OperatorGroup': validateOperatorGroup,
  'operators.coreos.com/v1alpha1/Subscription': validateSubscription,
};

/**
 * Schema problems in the objects a change writes. Only the change's own files are judged
 * (the repository's other files are the validator's business), so this stays cheap.
 * Kinds opf does not write (Kustomization, Component, CRDs...) are left to kustomize.
 */
export function schemaFindings(changes: readonly FileChange[]): Finding[] {
  const findings: Finding[] = [];
  for (const change of changes) {
    if (change.content === undefined || !/\.ya?ml$/.test(change.path)) continue;
    for (const doc of parseAllDocuments(change.content)) {
      if (!('toJS' in doc)) continue;
      const object = doc.toJS() as { apiVersion?: unknown; kind?: unknown } | null;
      if (!object || typeof object !== 'object') continue;
      const validate = VALIDATORS[`${object.apiVersion}/${object.kind}`];
      if (!validate) continue;
      try {
        validate(withoutPatchDirectives(object));
      } catch (error) {
        findings.push({
          code: 'OPF_ERR_GITOPS_SCHEMA_INVALID',
          path: change.path,
          message: `${String(object.kind)} in ${change.path} does not pass its schema: ${(error as Error).message}`,
        });
      }
    }
  }
  return findings;
}

/**
 * The object with strategic-merge-patch directives (`$patch`, `$retainKeys`,
 * `$setElementOrder/…`, `$deleteFromPrimitiveList/…`) taken out: they tell kustomize how to
 * merge a patch and are never fields of the object itself.
 */
function withoutPatchDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPatchDirectives);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('$'))
      .map(([key, item]) => [key, withoutPatchDirectives(item)]),
  );
}

function validateGroup(object: unknown): void {
  const group = object as { metadata?: { name?: unknown }; users?: unknown };
  if (typeof group.metadata?.name !== 'string' || group.metadata.name === '')
    throw new Error('data/metadata/name must be a non-empty string');
  if (group.users !== undefined && group.users !== null) {
    if (!Array.isArray(group.users)) throw new Error('data/users must be array');
    group.users.forEach((user, index) => {
      if (typeof user !== 'string') throw new Error(`data/users/${index} must be string`);
    });
  }
}

function validateOperatorGroup(object: unknown): void {
  const group = object as { metadata?: { name?: unknown }; spec?: { targetNamespaces?: unknown } };
  if (typeof group.metadata?.name !== 'string' || group.metadata.name === '')
    throw new Error('data/metadata/name must be a non-empty string');
  const targets = group.spec?.targetNamespaces;
  if (
    targets !== undefined &&
    (!Array.isArray(targets) || targets.some((t) => typeof t !== 'string'))
  )
    throw new Error('data/spec/targetNamespaces must be an array of strings');
}

function validateSubscription(object: unknown): void {
  const sub = object as { metadata?: { name?: unknown }; spec?: Record<string, unknown> };
  if (typeof sub.metadata?.name !== 'string' || sub.metadata.name === '')
    throw new Error('data/metadata/name must be a non-empty string');
  for (const field of ['name', 'source', 'sourceNamespace'])
    if (typeof sub.spec?.[field] !== 'string' || sub.spec[field] === '')
      throw new Error(`data/spec/${field} must be a non-empty string`);
  const approval = sub.spec?.installPlanApproval;
  if (approval !== undefined && approval !== 'Automatic' && approval !== 'Manual')
    throw new Error('data/spec/installPlanApproval must be Automatic or Manual');
}
