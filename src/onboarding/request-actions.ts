import {
  holdsClaims,
  needsReason,
  nextState,
  OpfError,
  type RequestAction,
  type RequestSpec,
  type RequestView,
} from '../core/index.ts';
import {
  enqueueJob,
  insertComment,
  insertTermsAcceptance,
  type RequestChange,
  releaseRequestClaims,
  replaceRequestClaims,
  saveProjectForRequest,
  setProjectStatus,
  type Tx,
} from '../store/index.ts';
import { type Actor, actsForCloud, nowOf, type OnboardingContext, sameLogin } from './context.ts';
import { projectStatusFor } from './project-status.ts';
import { recordRequestEvent } from './record-transition.ts';
import { loadForChange, writeChange } from './request-write.ts';
import { claimsOf, requireReason } from './submit-request.ts';
import { assertNoConsentPending, settleTeamConsent } from './team-consent.ts';
import { translateUniqueViolation } from './unique-violation.ts';
import { checkRequestAgainstCloud } from './validate-request.ts';

/** The outbox job an approval leaves: write the request's change into the GitOps repository. */
export const DELIVER_JOB = 'gitops.deliver';

/**
 * The outbox job an offboarding decision leaves: remove the project's namespaces, groups,
 * role bindings and ArgoCD entries from the GitOps repository (src/provisioning).
 */
export const OFFBOARD_JOB = 'gitops.offboard';

/** The outbox job an approval, an onboarding or an offboarding leaves for announcements. */
export const REQUEST_EVENT_JOB = 'community.request-event';

export interface ActionOptions {
  reason?: string;
  /** The version the actor saw; when given, acting on a newer request is refused (409). */
  expectedVersion?: number;
}

const DECISIONS: readonly RequestAction[] = ['approve', 'reject'];
/** Request events the community announces (src/community/auto-announce.ts). */
const ANNOUNCED: readonly RequestAction[] = ['approve', 'activate', 'finish-offboarding'];

/**
 * Move a request through its lifecycle. Optimistic concurrency: the update applies only to
 * the version that was read, so of two reviewers acting at once one wins and the other gets
 * OPF_ERR_VERSION_CONFLICT.
 */
export async function applyRequestAction(
  ctx: OnboardingContext,
  actor: Actor,
  id: number,
  action: Exclude<RequestAction, 'update'>,
  options: ActionOptions = {},
): Promise<RequestView> {
  const reason = needsReason(action)
    ? requireReason(action, options.reason)
    : options.reason?.trim() || undefined;
  return translateUniqueViolation(() =>
    ctx.db.transaction().execute(async (tx: Tx) => {
      const before = await loadForChange(tx, id, options.expectedVersion);
      const state = nextState(before.state, action);
      const now = nowOf(ctx);
      // The team's owner is asked first: approval would add people to their group.
      if (action === 'approve') await assertNoConsentPending({ tx }, before);
      if (action === 'submit') {
        // A resubmission is checked again: names may have been taken, terms may be new.
        await checkRequestAgainstCloud({ tx }, before.spec, { requestId: id, requireTerms: true });
        await insertTermsAcceptance(
          { tx },
          { requestId: id, actor: actor.name, ...before.spec.terms },
        );
      }
      const change: RequestChange = {
        state,
        ...(action === 'submit' && { submittedAt: now }),
        ...(DECISIONS.includes(action) && { decidedAt: now }),
      };
      const after = await writeChange(tx, before, change);
      if (action === 'request-changes' && reason)
        await insertComment({ tx }, { requestId: id, author: actor.name, body: reason });
      if (action === 'approve')
        // The change leaves through the outbox: written to the GitOps repository by a job
        // only once this transaction has committed (src/provisioning).
        await enqueueJob(
          { tx },
          {
            kind: DELIVER_JOB,
            payload: { requestId: id },
            dedupeKey: `deliver:${id}:${after.version}`,
          },
        );
      if (action === 'start-offboarding')
        await enqueueJob(
          { tx },
          {
            kind: OFFBOARD_JOB,
            payload: { requestId: id },
            dedupeKey: `offboard:${id}:${after.version}`,
          },
        );
      if (ANNOUNCED.includes(action))
        await enqueueJob(
          { tx },
          {
            kind: REQUEST_EVENT_JOB,
            payload: { requestId: id, action },
            dedupeKey: `request-event:${id}:${after.version}`,
          },
        );
      if (!holdsClaims(state)) await releaseRequestClaims({ tx }, id);
      await setProjectStatus({ tx }, before.projectName, projectStatusFor(state));
      await recordRequestEvent({ tx }, actor, action, before, after, reason);
      // A (re)submission is when someone else's team is asked of its owner.
      if (action === 'submit') await settleTeamConsent({ tx }, actor, after, now);
      return after;
    }),
  );
}

/** Edit what a request asks for, while it may still be edited. */
export async function updateRequestSpec(
  ctx: OnboardingContext,
  actor: Actor,
  id: number,
  spec: RequestSpec,
  expectedVersion?: number,
): Promise<RequestView> {
  return translateUniqueViolation(() =>
    ctx.db.transaction().execute(async (tx: Tx) => {
      const before = await loadForChange(tx, id, expectedVersion);
      nextState(before.state, 'update');
      if (spec.project.name !== before.projectName)
        throw new OpfError(
          'OPF_ERR_VALIDATION',
          `a request cannot rename its project ("${before.projectName}"); withdraw it and submit a new one`,
          [{ path: 'project.name', message: 'cannot change' }],
        );
      assertMayChangeTeam(actor, before.spec.team, spec.team);
      const requireTerms = before.state !== 'draft';
      const checked = await checkRequestAgainstCloud({ tx }, spec, {
        requestId: id,
        requireTerms,
      });
      const after = await writeChange(tx, before, { state: before.state, spec: checked });
      await replaceRequestClaims({ tx }, id, claimsOf(checked));
      await saveProjectForRequest({ tx }, checked.project, checked.team, id, 'requested');
      if (requireTerms)
        await insertTermsAcceptance({ tx }, { requestId: id, actor: actor.name, ...checked.terms });
      await recordRequestEvent({ tx }, actor, 'update', before, after);
      if (!sameLogin(before.spec.team.owner, checked.team.owner))
        await recordRequestEvent({ tx }, actor, 'owner-change', before, after, undefined, {
          ownerBefore: before.spec.team.owner,
          owner: checked.team.owner,
        });
      // An edit that keeps the team leaves it (and its consent) as its submitter set it.
      if (before.state !== 'draft' && !sameTeam(before.spec.team, checked.team))
        await settleTeamConsent({ tx }, actor, after, nowOf(ctx));
      return after;
    }),
  );
}

type TeamSpec = RequestSpec['team'];

/**
 * The team is its owner's: only the owner (or ops) hands it to another owner or changes who
 * is in it. A member could otherwise make themselves owner before activation and lock the
 * owner out, or bring in whoever they like.
 */
function assertMayChangeTeam(actor: Actor, before: TeamSpec, after: TeamSpec): void {
  if (actsForCloud(actor) || sameLogin(actor.name, before.owner)) return;
  const ownerChanged = !sameLogin(before.owner, after.owner);
  if (!ownerChanged && sameMembers(before.members, after.members)) return;
  throw new OpfError(
    'OPF_ERR_AUTH_NOT_OWNER',
    ownerChanged
      ? `only the team's owner (${before.owner}) or ops may change its owner`
      : `only the team's owner (${before.owner}) or ops may change its members`,
    [
      {
        path: ownerChanged ? 'team.owner' : 'team.members',
        message: `the owner's (${before.owner}) to change`,
        code: 'OPF_ERR_AUTH_NOT_OWNER',
      },
    ],
  );
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const set = (list: readonly string[]) => new Set(list.map((login) => login.toLowerCase()));
  const left = set(a);
  const right = set(b);
  return left.size === right.size && [...left].every((login) => right.has(login));
}

function sameTeam(a: TeamSpec, b: TeamSpec): boolean {
  return (
    a.name.toLowerCase() === b.name.toLowerCase() &&
    sameLogin(a.owner, b.owner) &&
    sameMembers(a.members, b.members)
  );
}
