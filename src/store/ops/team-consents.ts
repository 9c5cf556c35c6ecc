import type { Selectable } from 'kysely';
import type { TeamConsentNotice, TeamConsentState, TeamConsentView } from '../../core/index.ts';
import type { TxContext } from '../schema.ts';
import type { TeamConsentsTable } from '../team-consents-schema.ts';
import { loginKey } from './users.ts';

export async function insertTeamConsent(
  { tx }: TxContext,
  consent: {
    requestId: number;
    team: string;
    owner: string;
    askedBy: string;
    members: string[];
    joining: string[];
    at: Date;
  },
): Promise<TeamConsentView> {
  const row = await tx
    .insertInto('team_consents')
    .values({
      request_id: consent.requestId,
      team_name: consent.team,
      owner: consent.owner,
      owner_key: loginKey(consent.owner),
      asked_by: consent.askedBy,
      members: JSON.stringify(consent.members),
      joining: JSON.stringify(consent.joining),
      asked_at: consent.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toTeamConsentView(row, await projectOf({ tx }, consent.requestId));
}

async function projectOf({ tx }: TxContext, requestId: number): Promise<string> {
  const row = await tx
    .selectFrom('requests')
    .select('project_name')
    .where('id', '=', requestId)
    .executeTakeFirst();
  return row?.project_name ?? '';
}

/** The request's newest consent (pending, or the last decided), if it ever needed one. */
export async function findLatestTeamConsent(
  { tx }: TxContext,
  requestId: number,
): Promise<TeamConsentView | undefined> {
  const row = await tx
    .selectFrom('team_consents')
    .innerJoin('requests', 'requests.id', 'team_consents.request_id')
    .selectAll('team_consents')
    .select('requests.project_name')
    .where('team_consents.request_id', '=', requestId)
    .orderBy('team_consents.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toTeamConsentView(row, row.project_name);
}

export async function findTeamConsent(
  { tx }: TxContext,
  id: number,
): Promise<TeamConsentView | undefined> {
  const row = await tx
    .selectFrom('team_consents')
    .innerJoin('requests', 'requests.id', 'team_consents.request_id')
    .selectAll('team_consents')
    .select('requests.project_name')
    .where('team_consents.id', '=', id)
    .executeTakeFirst();
  return row && toTeamConsentView(row, row.project_name);
}

/** Consents, newest first: of one owner (any case), in some states. */
export async function listTeamConsents(
  { tx }: TxContext,
  query: { owner?: string; states?: readonly TeamConsentState[]; limit: number; offset: number },
): Promise<{ items: TeamConsentView[]; total: number }> {
  let base = tx
    .selectFrom('team_consents')
    .innerJoin('requests', 'requests.id', 'team_consents.request_id');
  if (query.owner) base = base.where('team_consents.owner_key', '=', loginKey(query.owner));
  if (query.states?.length) base = base.where('team_consents.state', 'in', [...query.states]);
  const [rows, count] = await Promise.all([
    base
      .selectAll('team_consents')
      .select('requests.project_name')
      .orderBy('team_consents.id', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((row) => toTeamConsentView(row, row.project_name)),
    total: Number(count.n),
  };
}

/** Decide a pending consent; undefined when it was no longer pending (someone was first). */
export async function decideTeamConsent(
  { tx }: TxContext,
  id: number,
  decision: {
    state: Exclude<TeamConsentState, 'pending'>;
    by: string;
    at: Date;
    reason: string | null;
  },
): Promise<boolean> {
  const result = await tx
    .updateTable('team_consents')
    .set({
      state: decision.state,
      decided_by: decision.by,
      decided_at: decision.at,
      reason: decision.reason,
    })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** How telling the owner went (shown beside the consent, so nobody waits on a lost mail). */
export async function recordTeamConsentNotice(
  { tx }: TxContext,
  id: number,
  notice: TeamConsentNotice,
  message: string | null,
): Promise<void> {
  await tx
    .updateTable('team_consents')
    .set({ notice, notice_message: message })
    .where('id', '=', id)
    .execute();
}

function toTeamConsentView(
  row: Selectable<TeamConsentsTable>,
  projectName: string,
): TeamConsentView {
  return {
    id: Number(row.id),
    requestId: Number(row.request_id),
    projectName,
    team: row.team_name,
    owner: row.owner,
    askedBy: row.asked_by,
    members: row.members,
    joining: row.joining,
    state: row.state as TeamConsentState,
    askedAt: row.asked_at.toISOString(),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at?.toISOString() ?? null,
    reason: row.reason,
    notice: row.notice as TeamConsentNotice,
    noticeMessage: row.notice_message,
  };
}
