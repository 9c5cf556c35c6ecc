import type { JobHandler } from '../jobs/index.ts';
import { findInvitation, markInvitationSent, recordInvitationFailure } from '../store/index.ts';
import type { CommunityContext, CommunitySettings } from './context.ts';
import { renderCalendar } from './ics.ts';
import { INVITE_JOB } from './invitations.ts';
import { getExceptions, getMeeting } from './meetings.ts';
import { sendMail } from './transports.ts';

function addressOf(from: string): { name: string; email: string } {
  const match = /^(.*)<([^>]+)>\s*$/.exec(from);
  return match
    ? { name: match[1]!.trim() || 'opf', email: match[2]! }
    : { name: 'opf', email: from.trim() };
}

/**
 * Mail the series as it is now to one invitee. An invitee who already has this version (or
 * a newer one) gets nothing: retried or repeated jobs do not mail twice.
 */
export function invitationJobs(
  ctx: CommunityContext,
  settings: CommunitySettings,
): Record<string, JobHandler> {
  return {
    [INVITE_JOB]: async (job) => {
      const { invitationId } = job.payload as { invitationId: number };
      const invitation = await findInvitation({ tx: ctx.db }, invitationId);
      if (!invitation) return;
      const meeting = await getMeeting(ctx, invitation.meeting);
      if (invitation.sentSequence !== null && invitation.sentSequence >= meeting.sequence) return;
      // Without a mail server no retry can succeed: fail it once, visibly, not five times.
      if (!settings.smtp)
        return recordInvitationFailure({ tx: ctx.db }, invitation.id, {
          error: 'no mail server configured (OPF_SMTP_HOST)',
          final: true,
        });
      const smtp = settings.smtp;
      const organizer = addressOf(smtp.from);
      const ics = renderCalendar(
        [{ meeting, exceptions: await getExceptions(ctx, meeting.slug) }],
        {
          publicUrl: ctx.publicUrl,
          name: meeting.title,
          now: new Date(),
          method: 'REQUEST',
          organizer,
          attendee: invitation.email,
        },
      );
      const update = invitation.sentSequence !== null;
      try {
        await sendMail(
          smtp,
          invitation.email,
          {
            title: `${update ? 'Updated invitation' : 'Invitation'}: ${meeting.title}`,
            body: `${meeting.description}\n\n${meeting.localTime} ${meeting.zone}, ${meeting.durationMinutes} minutes.${meeting.url ? `\nJoin: ${meeting.url}` : ''}\n\nThe attached invitation adds the whole series to your calendar.`,
            idempotencyKey: `opf-invitation-${invitation.id}-${meeting.sequence}`,
            messageId: `<invitation-${invitation.id}-${meeting.sequence}@${new URL(ctx.publicUrl).hostname}>`,
            date: new Date(),
            link: `${ctx.publicUrl}/api/v1/meetings/${meeting.slug}.ics`,
            calendar: ics,
          },
          settings.timeoutMs,
        );
      } catch (error) {
        await recordInvitationFailure({ tx: ctx.db }, invitation.id, {
          error: (error as Error).message,
          final: job.attempts >= settings.maxAttempts,
        });
        throw error;
      }
      await markInvitationSent({ tx: ctx.db }, invitation.id, meeting.sequence);
    },
  };
}
