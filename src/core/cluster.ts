import { z } from 'zod';
import { rfc1123LabelProblem } from './names.ts';
import { quantitySchema } from './quota.ts';
import { withOpfCode } from './zod-codes.ts';

export const labelSchema = z
  .string()
  .superRefine(withOpfCode('OPF_ERR_NAME_INVALID', rfc1123LabelProblem));

/** A cluster is named env/name, as in the GitOps overlays: overlays/prod/<env>/<cluster>. */
export const clusterSchema = z.strictObject({
  env: labelSchema,
  name: labelSchema,
  displayName: z.string().min(1).max(200),
  capacity: z.strictObject({
    cpu: quantitySchema,
    memory: quantitySchema,
    storage: quantitySchema,
  }),
  /** The cluster's web console; the portal links each namespace of an active project there. */
  consoleUrl: z.url().optional(),
  /** The ArgoCD that deploys to this cluster: the portal links a project's applications there. */
  argocdUrl: z.url().optional(),
});
export type Cluster = z.infer<typeof clusterSchema>;

export function clusterId(cluster: Pick<Cluster, 'env' | 'name'>): string {
  return `${cluster.env}/${cluster.name}`;
}

/** Cluster references match case-insensitively (opfcli's samples say `env: MOC`, `Smaug`). */
export function normaliseClusterRef(ref: string): string {
  return ref.trim().toLowerCase();
}

export const SEED_CLUSTERS: readonly Cluster[] = [
  {
    env: 'moc',
    name: 'smaug',
    displayName: 'MOC Smaug (general workloads)',
    capacity: { cpu: '384', memory: '1536Gi', storage: '100Ti' },
    consoleUrl: 'https://console-openshift-console.apps.smaug.na.operate-first.cloud',
    // Operate First's ArgoCD runs on the infra cluster and deploys to the MOC clusters.
    argocdUrl: 'https://argocd-server-argocd.apps.moc-infra.massopen.cloud',
  },
  {
    env: 'moc',
    name: 'infra',
    displayName: 'MOC Infra (infrastructure services)',
    capacity: { cpu: '96', memory: '384Gi', storage: '20Ti' },
    // From the MOC overlays' README in operate-first/apps.
    consoleUrl: 'https://console-openshift-console.apps.moc-infra.massopen.cloud',
    argocdUrl: 'https://argocd-server-argocd.apps.moc-infra.massopen.cloud',
  },
  {
    env: 'osc',
    name: 'osc-cl1',
    displayName: 'OS-Climate cluster 1',
    capacity: { cpu: '192', memory: '768Gi', storage: '50Ti' },
  },
];
