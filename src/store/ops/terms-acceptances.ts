import type { TermsAcceptanceView } from '../../core/index.ts';
import type { TxContext } from '../schema.ts';

export async function insertTermsAcceptance(
  { tx }: TxContext,
  acceptance: { requestId: number; actor: string; version: string; accepted: string[] },
): Promise<void> {
  await tx
    .insertInto('terms_acceptances')
    .values({
      request_id: acceptance.requestId,
      actor: acceptance.actor,
      version: acceptance.version,
      accepted: JSON.stringify(acceptance.accepted),
    })
    .execute();
}

/** A request's acceptances, oldest first: all, or only the `newest` ones. */
export async function listTermsAcceptances(
  { tx }: TxContext,
  requestId: number,
  newest?: number,
): Promise<TermsAcceptanceView[]> {
  let query = tx
    .selectFrom('terms_acceptances')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('id', newest === undefined ? 'asc' : 'desc');
  if (newest !== undefined) query = query.limit(newest);
  const rows = await query.execute();
  if (newest !== undefined) rows.reverse();
  return rows.map((row) => ({
    requestId: row.request_id,
    actor: row.actor,
    version: row.version,
    accepted: row.accepted,
    acceptedAt: row.accepted_at.toISOString(),
  }));
}

export async function countTermsAcceptances({ tx }: TxContext, requestId: number): Promise<number> {
  const row = await tx
    .selectFrom('terms_acceptances')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('request_id', '=', requestId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
