import type { JobHandler } from '../jobs/index.ts';
import { TEAM_CONSENT_JOB } from '../onboarding/index.ts';
import { findTeamConsent, findUserByLogin, recordTeamConsentNotice } from '../store/index.ts';
import type { CommunityContext, CommunitySettings } from './context.ts';
import { sendMail } from './transports.ts';

/**
 * Tell a team's owner that a request asks for their consent: by mail, where opf knows their
 * address (from their sign-in) and has a mail server. Where it cannot, the consent says why
 * at once (no retries that cannot succeed); the owner still sees the ask on the request's
 * page, in `GET /api/v1/consents?owner=…` and in `opf request consents --mine`.
 */
export function consentNoticeJobs(
  ctx: CommunityContext,
  settings: CommunitySettings,
): Record<string, JobHandler> {
  return {
    [TEAM_CONSENT_JOB]: async (job) => {
      const { consentId } = job.payload as { consentId: number };
      const consent = await findTeamConsent({ tx: ctx.db }, consentId);
      if (consent?.state !== 'pending' || consent.notice === 'sent') return;
      const record = (notice: Parameters<typeof recordTeamConsentNotice>[2], message: string) =>
        recordTeamConsentNotice({ tx: ctx.db }, consentId, notice, message);
      if (!settings.smtp)
        return record('no-mail-server', 'no mail server is configured (OPF_SMTP_HOST)');
      const owner = await findUserByLogin({ tx: ctx.db }, consent.owner);
      if (!owner?.email)
        return record(
          'no-address',
          `opf knows no mail address of ${consent.owner} (they have not signed in with one)`,
        );
      const page = `${ctx.publicUrl}/requests/${consent.requestId}`;
      const joining = consent.joining.length ? consent.joining.join(', ') : 'nobody new';
      try {
        await sendMail(
          settings.smtp,
          owner.email,
          {
            title: `Your consent is asked: team ${consent.team} for project ${consent.projectName}`,
            body: [
              `${consent.askedBy} asks to bind your team "${consent.team}" to project ${consent.projectName} (request ${consent.requestId}).`,
              `Joining the team's group: ${joining}.`,
              '',
              'Nothing happens until you answer; ops cannot approve the request before you consent.',
              `Consent or refuse on the request's page: ${page}`,
              `or: opf request consent ${consent.requestId} --approve   (or --refuse -r "why")`,
            ].join('\n'),
            idempotencyKey: `opf-team-consent-${consent.id}`,
            messageId: `<team-consent-${consent.id}@${new URL(ctx.publicUrl).hostname}>`,
            date: new Date(consent.askedAt),
            link: page,
          },
          settings.timeoutMs,
        );
      } catch (error) {
        const last = job.attempts >= settings.maxAttempts;
        await record(last ? 'failed' : 'queued', (error as Error).message);
        throw error;
      }
      await record('sent', `mailed to ${consent.owner}`);
    },
  };
}
