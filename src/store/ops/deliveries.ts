import type { TxContext } from '../schema.ts';

export interface DeliveryView {
  id: number;
  requestId: number;
  mode: string;
  /** committed | proposed | merged | already-present | failed */
  outcome: string;
  commitSha: string | null;
  branch: string | null;
  pullRequestUrl: string | null;
  message: string | null;
  at: string;
}

export async function insertDelivery(
  { tx }: TxContext,
  delivery: Omit<DeliveryView, 'id' | 'at'>,
): Promise<void> {
  await tx
    .insertInto('request_deliveries')
    .values({
      request_id: delivery.requestId,
      mode: delivery.mode,
      outcome: delivery.outcome,
      commit_sha: delivery.commitSha,
      branch: delivery.branch,
      pull_request_url: delivery.pullRequestUrl,
      message: delivery.message,
    })
    .execute();
}

export async function listDeliveries(
  { tx }: TxContext,
  requestId: number,
): Promise<DeliveryView[]> {
  const rows = await tx
    .selectFrom('request_deliveries')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    requestId: row.request_id,
    mode: row.mode,
    outcome: row.outcome,
    commitSha: row.commit_sha,
    branch: row.branch,
    pullRequestUrl: row.pull_request_url,
    message: row.message,
    at: row.at.toISOString(),
  }));
}
