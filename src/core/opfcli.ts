import { z } from 'zod';
import { labelSchema } from './cluster.ts';
import { OpfError } from './errors.ts';
import { decodeInput, type LocatedInput } from './input.ts';
import { quantitySchema } from './quota.ts';
import { type RequestSpecInput, userNameSchema } from './request.ts';

/**
 * opfcli's `onboard` file, decoded strictly: where opfcli silently dropped unknown keys and
 * ignored project_description and enable_monitoring, opf refuses the unknown and honours both.
 */
const opfcliCustomQuotaSchema = z.strictObject({
  'limits.cpu': quantitySchema.optional(),
  'requests.cpu': quantitySchema.optional(),
  'limits.memory': quantitySchema.optional(),
  'requests.memory': quantitySchema.optional(),
  'requests.storage': quantitySchema.optional(),
  'count/objectbucketclaims.objectbucket.io': z.number().int().min(0).optional(),
});

const opfcliNamespaceSchema = z.strictObject({
  name: labelSchema,
  quota: z.string().min(1).optional(),
  custom_quota: opfcliCustomQuotaSchema.optional(),
  disable_limit_range: z.boolean().optional(),
  enable_monitoring: z.boolean().optional(),
  project_display_name: z.string().min(1).max(200).optional(),
});

export const opfcliOnboardSchema = z.strictObject({
  env: z.string().min(1),
  target_cluster: z.string().min(1),
  team_name: labelSchema,
  project_description: z.string().min(1).max(4000),
  // opfcli writes the group with `users: []` when the file has none, to be filled later.
  users: z.array(userNameSchema).max(500).optional(),
  namespaces: z.array(opfcliNamespaceSchema).min(1),
  // Carried by the issue form opfcli's files were made from; optional here.
  project_owner: userNameSchema.optional(),
  docs: z.url().optional(),
});
export type OpfcliOnboard = z.infer<typeof opfcliOnboardSchema>;

/** An opfcli onboard file is recognised by its snake_case top-level keys. */
export function looksLikeOpfcliOnboard(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    ('team_name' in value || 'target_cluster' in value)
  );
}

export function decodeOpfcliOnboard(input: LocatedInput, source: string): OpfcliOnboard {
  const file = decodeInput(opfcliOnboardSchema, input, source);
  file.namespaces.forEach((ns, index) => {
    if (ns.quota !== undefined && ns.custom_quota !== undefined) {
      const line = input.lineOf(['namespaces', index], 'custom_quota');
      throw new OpfError(
        'OPF_ERR_QUOTA_AMBIGUOUS',
        `${source}: namespace "${ns.name}" gives both quota "${ns.quota}" and custom_quota${line ? ` (line ${line})` : ''}; keep one`,
        [
          {
            path: `namespaces[${index}]`,
            ...(line && { line }),
            message: 'both quota and custom_quota',
          },
        ],
      );
    }
  });
  return file;
}

/**
 * The same request in opf's own format (terms are not part of opfcli's file). A file without
 * users makes an empty group; whoever submits it to the service (`submitter`) becomes the
 * team's owner and only member. Offline, with no submitter and no project_owner, the team has
 * no owner at all (see OnboardSpec).
 */
export function opfcliToRequest(
  file: OpfcliOnboard,
  submitter?: string,
): Omit<RequestSpecInput, 'terms' | 'team'> & {
  team: { name: string; owner?: string; members: string[] };
} {
  const users = file.users ?? [];
  const owner = file.project_owner ?? users[0] ?? submitter;
  const cluster = `${file.env}/${file.target_cluster}`.toLowerCase();
  return {
    project: {
      name: file.team_name,
      description: file.project_description,
      ...(file.docs && { docsUrl: file.docs }),
    },
    team: {
      name: file.team_name,
      ...(owner !== undefined && { owner }),
      members: users.length > 0 ? users : owner !== undefined ? [owner] : [],
    },
    namespaces: file.namespaces.map((ns) => ({
      name: ns.name,
      cluster,
      ...(ns.project_display_name && { displayName: ns.project_display_name }),
      ...(ns.quota !== undefined && { tier: ns.quota.toLowerCase() }),
      ...(ns.custom_quota && { customQuota: customQuotaFromOpfcli(ns.name, ns.custom_quota) }),
      limitRange: ns.disable_limit_range !== true,
      monitoring: ns.enable_monitoring === true,
    })),
  };
}

function customQuotaFromOpfcli(namespace: string, quota: z.infer<typeof opfcliCustomQuotaSchema>) {
  const pick = (resource: 'cpu' | 'memory'): string | undefined => {
    const limit = quota[`limits.${resource}`];
    const request = quota[`requests.${resource}`];
    // opf sets requests and limits alike; refusing beats silently dropping one of them.
    if (limit !== undefined && request !== undefined && limit !== request)
      throw new OpfError(
        'OPF_ERR_VALIDATION',
        `namespace "${namespace}": custom_quota limits.${resource} (${limit}) and requests.${resource} (${request}) differ; opf sets both to one value`,
      );
    return limit ?? request;
  };
  const cpu = pick('cpu');
  const memory = pick('memory');
  const storage = quota['requests.storage'];
  const buckets = quota['count/objectbucketclaims.objectbucket.io'];
  return {
    ...(cpu !== undefined && { cpu }),
    ...(memory !== undefined && { memory }),
    ...(storage !== undefined && { storage }),
    ...(buckets !== undefined && { objectBucketClaims: buckets }),
  };
}
