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
  findRequest,
  insertComment,
  insertTermsAcceptance,
  type RequestChange,
  releaseRequestClaims,
  replaceRequestClaims,
  saveProjectForRequest,
  setProjectStatus,
  type Tx,
  updateRequestIfVersion,
} from '../store/index.ts';
import { type Actor, actsForCloud, nowOf, type OnboardingContext, sameLogin } from './context.ts';
import { projectStatusFor } from './project-status.ts';
import { recordRequestEvent } from './record-transition.ts';
import { claimsOf, requireReason } from './submit-request.ts';
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
        // An edit that keeps the team leaves it as its submitter set it.
        ...(!sameTeam(before.spec.team, spec.team) && { teamSetBy: actor }),
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

async function loadForChange(
  tx: Tx,
  id: number,
  expectedVersion: number | undefined,
): Promise<RequestView> {
  const request = await findRequest({ tx }, id);
  if (!request) throw new OpfError('OPF_ERR_NOT_FOUND', `request ${id} does not exist`);
  if (expectedVersion !== undefined && expectedVersion !== request.version)
    throw versionConflict(id, request.version);
  return request;
}

async function writeChange(
  tx: Tx,
  before: RequestView,
  change: RequestChange,
): Promise<RequestView> {
  const after = await updateRequestIfVersion({ tx }, before.id, before.version, change);
  if (!after) {
    const current = await findRequest({ tx }, before.id);
    throw versionConflict(before.id, current?.version ?? before.version + 1);
  }
  return after;
}

function versionConflict(id: number, current: number): OpfError {
  return new OpfError(
    'OPF_ERR_VERSION_CONFLICT',
    `request ${id} was changed by someone else (now at version ${current}); reload it and decide again`,
  );
}
