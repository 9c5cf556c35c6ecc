import { z } from 'zod';
import { quantityProblem } from './quantities.ts';
import { withOpfCode } from './zod-codes.ts';

export const QUOTA_TIER_NAMES = ['x-small', 'small', 'medium', 'large'] as const;
export type QuotaTierName = (typeof QUOTA_TIER_NAMES)[number];

export const quantitySchema = z
  .string()
  .superRefine(withOpfCode('OPF_ERR_QUANTITY_INVALID', (value) => quantityProblem(value)));

/** A quota: requests and limits are set alike, as the reference tiers do. */
export const quotaSpecSchema = z
  .strictObject({
    cpu: quantitySchema.optional(),
    memory: quantitySchema.optional(),
    storage: quantitySchema.optional(),
    objectBucketClaims: z.number().int().min(0).max(1000).optional(),
  })
  .refine((q) => q.cpu ?? q.memory ?? q.storage ?? q.objectBucketClaims !== undefined, {
    message: 'a custom quota needs at least one of cpu, memory, storage, objectBucketClaims',
  });
export type QuotaSpec = z.infer<typeof quotaSpecSchema>;

export interface QuotaTier {
  name: string;
  description: string;
  quota: QuotaSpec;
}

/** The tiers of the Operate First apps repository's components/resourcequotas. */
export const REFERENCE_QUOTA_TIERS: readonly QuotaTier[] = [
  {
    name: 'x-small',
    description: 'Trying things out',
    quota: { cpu: '500m', memory: '2Gi', storage: '10Gi', objectBucketClaims: 1 },
  },
  {
    name: 'small',
    description: 'A small service or a development namespace',
    quota: { cpu: '1', memory: '4Gi', storage: '20Gi', objectBucketClaims: 1 },
  },
  {
    name: 'medium',
    description: 'A service with a few components',
    quota: { cpu: '2', memory: '8Gi', storage: '40Gi', objectBucketClaims: 1 },
  },
  {
    name: 'large',
    description: 'A larger deployment or data processing',
    quota: { cpu: '4', memory: '16Gi', storage: '80Gi', objectBucketClaims: 1 },
  },
];
