import {
  OpfError,
  type RequestState,
  type RequestView,
  type TeamConsentDecision,
  type TeamConsentState,
  type TeamConsentView,
} from '../core/index.ts';
import {
  decideTeamConsent,
  findLatestTeamConsent,
  listTeamConsents,
  releaseRequestClaims,
  setProjectStatus,
  type Tx,
} from '../store/index.ts';
import { type Actor, actsForCloud, nowOf, type OnboardingContext, sameLogin } from './context.ts';
import { projectStatusFor } from './project-status.ts';
import { loadForChange, writeChange } from './request-write.ts';
import { requireReason } from './submit-request.ts';
import { audit } from './team-consent.ts';

/** States a refusal ends: the request was still on its way to a decision. */
const REFUSABLE: readonly RequestState[] = ['submitted', 'in-review', 'changes-requested'];

export interface ConsentOutcome {
  consent: TeamConsentView;
  request: RequestView;
}

/**
 * The team's owner (or ops, for them) answers the ask. Consent lets the request go on to
 * review and approval; a refusal ends the request (rejected), with the reason in its public
 * history. Both are audited in the decider's name.
 */
export async function decideOnTeamConsent(
  ctx: OnboardingContext,
  actor: Actor,
  requestId: number,
  decision: TeamConsentDecision,
  options: { reason?: string; expectedVersion?: number } = {},
): Promise<ConsentOutcome> {
  const reason =
    decision === 'refuse'
      ? requireReason('refusing consent', options.reason)
      : options.reason?.trim() || null;
  return ctx.db.transaction().execute(async (tx: Tx) => {
    const before = await loadForChange(tx, requestId, options.expectedVersion);
    const consent = await findLatestTeamConsent({ tx }, requestId);
    if (consent?.state !== 'pending')
      throw new OpfError(
        'OPF_ERR_TEAM_CONSENT_NOT_ASKED',
        consent
          ? `request ${requestId} waits for no consent: the last one asked of ${consent.owner} is ${consent.state}`
          : `request ${requestId} names no team of someone else: no consent is asked`,
      );
    if (!actsForCloud(actor) && !sameLogin(actor.name, consent.owner))
      throw new OpfError(
        'OPF_ERR_AUTH_NOT_OWNER',
        `only the team's owner (${consent.owner}) or ops may answer for team "${consent.team}"`,
      );
    const now = nowOf(ctx);
    const state: TeamConsentState = decision === 'give' ? 'given' : 'refused';
    const decided = await decideTeamConsent({ tx }, consent.id, {
      state,
      by: actor.name,
      at: now,
      reason,
    });
    if (!decided)
      throw new OpfError(
        'OPF_ERR_VERSION_CONFLICT',
        `the consent for request ${requestId} was answered by someone else just now; reload it`,
      );
    let after = before;
    if (decision === 'refuse' && REFUSABLE.includes(before.state)) {
      after = await writeChange(tx, before, { state: 'rejected', decidedAt: now });
      await releaseRequestClaims({ tx }, requestId);
      await setProjectStatus({ tx }, before.projectName, projectStatusFor('rejected'));
    }
    const decidedConsent: TeamConsentView = {
      ...consent,
      state,
      decidedBy: actor.name,
      decidedAt: now.toISOString(),
      reason,
    };
    await audit(
      { tx },
      actor,
      before,
      decision === 'give' ? 'consent-give' : 'consent-refuse',
      decidedConsent,
      reason,
      {},
      after,
    );
    return { consent: decidedConsent, request: after };
  });
}

/** Consents asked, newest first: of one owner, in some states (public, as requests are). */
export function searchTeamConsents(
  ctx: OnboardingContext,
  query: { owner?: string; states?: readonly TeamConsentState[]; limit: number; offset: number },
) {
  return listTeamConsents({ tx: ctx.db }, query);
}
