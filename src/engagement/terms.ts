import { z } from 'zod';
import { OpfError, type TermsVersion } from '../core/index.ts';
import { appendAuditEvent, findTermsVersion, publishTerms } from '../store/index.ts';
import { type EngagementContext, nowOf } from './context.ts';
import { type Actor, type NoticeView, postNotice } from './notices.ts';

export const termsInputSchema = z.strictObject({
  version: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'a version is letters, digits, dots, dashes')
    .describe('The new version’s name, e.g. 2027-01'),
  items: z
    .array(
      z.strictObject({
        id: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'an item id is lowercase letters, digits, dashes'),
        title: z.string().trim().min(1).max(200),
        text: z.string().trim().min(1).max(5000),
      }),
    )
    .min(1)
    .max(50)
    .refine((items) => new Set(items.map((i) => i.id)).size === items.length, {
      message: 'every item needs its own id',
    }),
  summary: z
    .string()
    .trim()
    .max(5000)
    .default('')
    .describe('What changed, in words, for the notice projects answer'),
});
export type TermsInput = z.infer<typeof termsInputSchema>;

/**
 * Publish a new terms version: it becomes current (new requests accept it), and every
 * active project is asked, by a notice, to re-accept within OPF_TERMS_REACCEPT_DAYS. All in
 * one transaction: terms nobody was asked about never become current.
 */
export async function publishTermsVersion(
  ctx: EngagementContext,
  actor: Actor,
  input: TermsInput,
): Promise<{ terms: TermsVersion; notice: NoticeView }> {
  return ctx.db.transaction().execute(async (tx) => {
    if (await findTermsVersion({ tx }, input.version))
      throw new OpfError(
        'OPF_ERR_TERMS_VERSION_EXISTS',
        `terms version ${input.version} was published already`,
        [{ path: 'version', message: 'already published', code: 'OPF_ERR_TERMS_VERSION_EXISTS' }],
      );
    const terms: TermsVersion = {
      version: input.version,
      publishedAt: nowOf(ctx).toISOString(),
      items: input.items,
    };
    await publishTerms({ tx }, terms);
    await appendAuditEvent(
      { tx },
      {
        actor: actor.name,
        action: 'terms.publish',
        subjectType: 'terms',
        subjectId: terms.version,
        after: { version: terms.version, items: terms.items.map((i) => i.id) },
        source: actor.source ?? null,
        visibility: 'public',
      },
    );
    const notice = await postNotice(
      ctx,
      actor,
      {
        kind: 'general',
        title: `New terms ${terms.version}: please re-accept`,
        body: [
          input.summary || `The terms of the cloud changed (version ${terms.version}).`,
          '',
          ...terms.items.map((item) => `- ${item.title}: ${item.text}`),
          '',
          'Each project re-accepts them by acknowledging this notice.',
        ].join('\n'),
        clusters: [],
      },
      { version: terms.version, tx },
    );
    return { terms, notice };
  });
}
