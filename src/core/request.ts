import { z } from 'zod';
import { labelSchema } from './cluster.ts';
import { userNameProblem } from './names.ts';
import { quotaSpecSchema } from './quota.ts';
import { withOpfCode } from './zod-codes.ts';

/** Free text that ends up in YAML annotations: any characters, bounded length. */
const displayText = (max: number) => z.string().min(1).max(max);

export const userNameSchema = z
  .string()
  .superRefine(withOpfCode('OPF_ERR_USER_INVALID', userNameProblem));

export const contactSchema = z.strictObject({
  name: displayText(200),
  email: z.email().optional(),
  github: userNameSchema.optional(),
});

export const projectSpecSchema = z.strictObject({
  name: labelSchema,
  displayName: displayText(200).optional(),
  description: displayText(4000),
  repositoryUrl: z.url().optional(),
  docsUrl: z.url().optional(),
  contacts: z.array(contactSchema).max(50).default([]),
});
export type ProjectSpec = z.infer<typeof projectSpecSchema>;

export const teamSpecSchema = z.strictObject({
  name: labelSchema,
  /** The project owner: the user who answers for the project. */
  owner: userNameSchema,
  members: z.array(userNameSchema).min(1).max(500),
});
export type TeamSpec = z.infer<typeof teamSpecSchema>;

export const namespaceSpecSchema = z.strictObject({
  name: labelSchema,
  displayName: displayText(200).optional(),
  description: displayText(2000).optional(),
  /** env/name, e.g. moc/smaug; matched case-insensitively. */
  cluster: z.string().min(1).max(127),
  tier: z.string().min(1).max(63).optional(),
  customQuota: quotaSpecSchema.optional(),
  limitRange: z.boolean().default(true),
  monitoring: z.boolean().default(false),
});
export type NamespaceSpec = z.infer<typeof namespaceSpecSchema>;

export const argoApplicationSchema = z.strictObject({
  name: labelSchema,
  repoUrl: z.url(),
  path: z.string().min(1).max(500).default('.'),
  targetRevision: z.string().min(1).max(200).default('HEAD'),
  namespace: labelSchema,
});

export const argocdSpecSchema = z.strictObject({
  enabled: z.boolean(),
  applications: z.array(argoApplicationSchema).max(50).default([]),
});

export const termsAcceptanceSchema = z.strictObject({
  version: z.string().min(1).max(50),
  accepted: z.array(z.string().min(1).max(100)).max(50),
});

/** What a project asks for: the body of POST /api/v1/requests and of request.yaml. */
export const requestSpecSchema = z.strictObject({
  project: projectSpecSchema,
  team: teamSpecSchema,
  namespaces: z.array(namespaceSpecSchema).min(1).max(50),
  argocd: argocdSpecSchema.default({ enabled: false, applications: [] }),
  terms: termsAcceptanceSchema,
});
export type RequestSpec = z.infer<typeof requestSpecSchema>;
export type RequestSpecInput = z.input<typeof requestSpecSchema>;

/**
 * What the GitOps engine onboards: a request, whose team may have no owner and no members when
 * it comes offline from an opfcli onboard file without `users` (opfcli's empty group). Every
 * RequestSpec is one.
 */
export const onboardSpecSchema = requestSpecSchema.extend({
  team: teamSpecSchema.extend({
    owner: userNameSchema.optional(),
    members: z.array(userNameSchema).max(500),
  }),
});
export type OnboardSpec = z.infer<typeof onboardSpecSchema>;
/** How a project is named in titles: "Display name (name)", or just its name when it has none. */
export function projectLabel(project: { name: string; displayName?: string | undefined }): string {
  return project.displayName ? `${project.displayName} (${project.name})` : project.name;
}
