import { mergeUsers, OpfError, type RequestView, type TeamConsentView } from '../core/index.ts';
import {
  appendAuditEvent,
  decideTeamConsent,
  enqueueJob,
  findLatestTeamConsent,
  findProjectsOfTeam,
  insertTeamConsent,
  type TxContext,
} from '../store/index.ts';
import { type Actor, actsForCloud, sameLogin } from './context.ts';

/** The outbox job that tells a team's owner their consent is asked (mail, where it can). */
export const TEAM_CONSENT_JOB = 'onboarding.team-consent-asked';

const lower = (logins: readonly string[]) => new Set(logins.map((l) => l.toLowerCase()));

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const left = lower(a);
  const right = lower(b);
  return left.size === right.size && [...left].every((login) => right.has(login));
}

/**
 * Whether the request, as `actor` leaves it, binds a team that already exists for another
 * project, and if so, that its owner is asked. The owner and ops bind their own say; anyone
 * else's request is held with a pending consent (one per request: a new team supersedes
 * the old ask). A consent already asked or given for the same team and members stands.
 */
export async function settleTeamConsent(
  ctx: TxContext,
  actor: Actor,
  request: RequestView,
  at: Date,
): Promise<TeamConsentView | undefined> {
  const team = request.spec.team;
  const others = (await findProjectsOfTeam(ctx, team.name)).filter(
    (p) => p.name !== request.projectName,
  );
  const latest = await findLatestTeamConsent(ctx, request.id);
  const ownersSay = actsForCloud(actor) || sameLogin(actor.name, team.owner);
  if (others.length === 0 || ownersSay) {
    if (latest?.state === 'pending')
      await supersede(
        ctx,
        actor,
        request,
        latest,
        at,
        others.length === 0
          ? `the request no longer names an existing team`
          : `${actor.name} (${actsForCloud(actor) ? 'ops' : 'the owner'}) set the team`,
      );
    return undefined;
  }
  if (
    latest &&
    (latest.state === 'pending' || latest.state === 'given') &&
    latest.team.toLowerCase() === team.name.toLowerCase() &&
    sameLogin(latest.owner, team.owner) &&
    sameMembers(latest.members, team.members)
  )
    return latest;
  if (latest?.state === 'pending')
    await supersede(
      ctx,
      actor,
      request,
      latest,
      at,
      'the request now names another team or members',
    );
  const current = lower(others.flatMap((p) => [p.owner, ...p.members]));
  const joining = mergeUsers(team.members).filter((login) => !current.has(login.toLowerCase()));
  const consent = await insertTeamConsent(ctx, {
    requestId: request.id,
    team: team.name,
    owner: team.owner,
    askedBy: actor.name,
    members: mergeUsers(team.members),
    joining,
    at,
  });
  await enqueueJob(ctx, {
    kind: TEAM_CONSENT_JOB,
    payload: { consentId: consent.id },
    dedupeKey: `team-consent:${consent.id}`,
  });
  await audit(ctx, actor, request, 'consent-ask', consent, null, {
    sharedWith: others.map((p) => p.name),
  });
  return consent;
}

/** While the owner has not consented, nobody approves: the plan would add them to the group. */
export async function assertNoConsentPending(ctx: TxContext, request: RequestView): Promise<void> {
  const latest = await findLatestTeamConsent(ctx, request.id);
  if (latest?.state !== 'pending') return;
  throw new OpfError(
    'OPF_ERR_TEAM_CONSENT_PENDING',
    `request ${request.id} names team "${latest.team}", which is ${latest.owner}'s: it waits for ${latest.owner}'s consent (opf request consent ${request.id} --approve, by ${latest.owner} or ops) before it can be approved`,
  );
}

async function supersede(
  ctx: TxContext,
  actor: Actor,
  request: RequestView,
  consent: TeamConsentView,
  at: Date,
  why: string,
): Promise<void> {
  await decideTeamConsent(ctx, consent.id, {
    state: 'superseded',
    by: actor.name,
    at,
    reason: why,
  });
  await audit(ctx, actor, request, 'consent-supersede', consent, why);
}

export async function audit(
  ctx: TxContext,
  actor: Actor,
  request: RequestView,
  action: string,
  consent: TeamConsentView,
  reason: string | null,
  extra: Record<string, unknown> = {},
  after: RequestView = request,
): Promise<void> {
  await appendAuditEvent(ctx, {
    actor: actor.name,
    action: `request.${action}`,
    subjectType: 'request',
    subjectId: String(request.id),
    reason,
    before: { state: request.state, version: request.version },
    after: {
      state: after.state,
      version: after.version,
      consentId: consent.id,
      team: consent.team,
      owner: consent.owner,
      joining: consent.joining,
      ...extra,
    },
    source: actor.source ?? null,
    visibility: 'public',
  });
}
