import { z } from 'zod';
import { OpfError } from '../core/index.ts';
import {
  enqueueJob,
  findMeeting,
  type InvitationRow,
  insertInvitation,
  listInvitations,
  markInvitationQueued,
  type Tx,
} from '../store/index.ts';
import type { CommunityContext } from './context.ts';

/** Outbox job: e-mail one invitee the series as it is now (METHOD:REQUEST). */
export const INVITE_JOB = 'community.invite';

export const invitationInputSchema = z.strictObject({
  email: z.string().trim().email().max(320),
  name: z.string().trim().max(200).default(''),
});
export type InvitationInput = z.infer<typeof invitationInputSchema>;

async function queueInvite(tx: Tx, invitationId: number, sequence: number): Promise<void> {
  await enqueueJob(
    { tx },
    {
      kind: INVITE_JOB,
      payload: { invitationId },
      // One mail per invitee per version of the series, however often this runs.
      dedupeKey: `invite:${invitationId}:${sequence}`,
    },
  );
}

/**
 * Anyone may ask for an invitation: opf records who asked and e-mails the series. Asking
 * again for the same address sends nothing new (the series update mails cover changes).
 */
export async function askForInvitation(
  ctx: CommunityContext,
  slug: string,
  input: InvitationInput,
  askedBy: string,
  options: { mailConfigured?: boolean } = {},
): Promise<{ invitation: InvitationRow; created: boolean }> {
  // Said at once, rather than "queued" and a mail that fails five times in the log.
  if (options.mailConfigured === false)
    throw new OpfError(
      'OPF_ERR_INVITATIONS_NOT_CONFIGURED',
      `invitations are not configured here (no mail server): subscribe to ${ctx.publicUrl}/api/v1/meetings/${slug}.ics instead`,
    );
  return ctx.db.transaction().execute(async (tx: Tx) => {
    const meeting = await findMeeting({ tx }, slug);
    if (!meeting) throw new OpfError('OPF_ERR_MEETING_UNKNOWN', `no meeting "${slug}"`);
    const result = await insertInvitation({ tx }, { meeting: slug, ...input, askedBy });
    if (result.created) await queueInvite(tx, result.invitation.id, meeting.sequence);
    return result;
  });
}

/** After the series changed (its sequence went up): every invitee gets the update. */
export async function queueInvitationUpdates(tx: Tx, slug: string): Promise<void> {
  const meeting = await findMeeting({ tx }, slug);
  if (!meeting) return;
  for (const invitation of await listInvitations({ tx }, slug)) {
    await markInvitationQueued({ tx }, invitation.id);
    await queueInvite(tx, invitation.id, meeting.sequence);
  }
}

export async function getInvitations(
  ctx: CommunityContext,
  slug: string,
): Promise<InvitationRow[]> {
  return listInvitations({ tx: ctx.db }, slug);
}
