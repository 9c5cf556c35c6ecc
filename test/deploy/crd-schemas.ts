import { z } from 'zod';

/**
 * The custom resources the manifests use that have no published model for Node 20
 * (OpenShift's Route, CloudNativePG's Cluster and ScheduledBackup): the fields opf sets,
 * typed as their CRDs define them, strict so that a misspelt field fails.
 */
const name = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
const metadata = z
  .object({
    name,
    namespace: name.optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  })
  .strict();
const secretKey = z.object({ name, key: z.string().min(1) }).strict();

export const Route = z
  .object({
    apiVersion: z.literal('route.openshift.io/v1'),
    kind: z.literal('Route'),
    metadata,
    spec: z
      .object({
        host: z.string().optional(),
        path: z.string().optional(),
        to: z
          .object({ kind: z.literal('Service'), name, weight: z.number().int().min(0).max(256) })
          .strict(),
        port: z.object({ targetPort: z.union([z.string(), z.number().int()]) }).strict(),
        tls: z
          .object({
            termination: z.enum(['edge', 'passthrough', 'reencrypt']),
            insecureEdgeTerminationPolicy: z.enum(['Allow', 'None', 'Redirect']).optional(),
          })
          .strict()
          .optional(),
        wildcardPolicy: z.enum(['None', 'Subdomain']).optional(),
      })
      .strict(),
  })
  .strict();

const compression = z.object({ compression: z.enum(['gzip', 'bzip2', 'snappy']) }).strict();

export const CnpgCluster = z
  .object({
    apiVersion: z.literal('postgresql.cnpg.io/v1'),
    kind: z.literal('Cluster'),
    metadata,
    spec: z
      .object({
        instances: z.number().int().min(1),
        imageName: z.string().min(1).optional(),
        primaryUpdateStrategy: z.enum(['supervised', 'unsupervised']).optional(),
        bootstrap: z
          .object({ initdb: z.object({ database: name, owner: name }).strict() })
          .strict(),
        storage: z.object({ size: z.string().regex(/^\d+(Mi|Gi|Ti)$/) }).strict(),
        resources: z
          .object({
            requests: z.partialRecord(z.enum(['cpu', 'memory']), z.string()).optional(),
            limits: z.partialRecord(z.enum(['cpu', 'memory']), z.string()).optional(),
          })
          .strict()
          .optional(),
        postgresql: z
          .object({ parameters: z.record(z.string(), z.string()) })
          .strict()
          .optional(),
        backup: z
          .object({
            retentionPolicy: z
              .string()
              .regex(/^[1-9]\d*[dwm]$/)
              .optional(),
            barmanObjectStore: z
              .object({
                destinationPath: z.string().regex(/^s3:\/\//),
                endpointURL: z.url().optional(),
                s3Credentials: z
                  .object({ accessKeyId: secretKey, secretAccessKey: secretKey })
                  .strict(),
                wal: compression.optional(),
                data: compression.optional(),
              })
              .strict(),
          })
          .strict()
          .optional(),
      })
      .strict(),
  })
  .strict();

export const CnpgScheduledBackup = z
  .object({
    apiVersion: z.literal('postgresql.cnpg.io/v1'),
    kind: z.literal('ScheduledBackup'),
    metadata,
    spec: z
      .object({
        // Six fields: CloudNativePG's cron takes seconds first.
        schedule: z.string().regex(/^(\S+\s+){5}\S+$/),
        backupOwnerReference: z.enum(['none', 'self', 'cluster']).optional(),
        cluster: z.object({ name }).strict(),
      })
      .strict(),
  })
  .strict();
