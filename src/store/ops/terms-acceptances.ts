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

export async function listTermsAcceptances(
  { tx }: TxContext,
  requestId: number,
): Promise<TermsAcceptanceView[]> {
  const rows = await tx
    .selectFrom('terms_acceptances')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    requestId: row.request_id,
    actor: row.actor,
    version: row.version,
    accepted: row.accepted,
    acceptedAt: row.accepted_at.toISOString(),
  }));
}
