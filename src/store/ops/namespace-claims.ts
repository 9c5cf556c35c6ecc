import type { TxContext } from '../schema.ts';

export interface NamespaceClaim {
  name: string;
  clusterId: string | null;
  projectName: string;
  requestId: number | null;
  tier: string | null;
  source: 'request' | 'imported';
}

/** Which of `names` are already claimed, and by whom. */
export async function findNamespaceClaims(
  { tx }: TxContext,
  names: readonly string[],
): Promise<NamespaceClaim[]> {
  if (names.length === 0) return [];
  const rows = await tx
    .selectFrom('namespace_claims')
    .selectAll()
    .where('name', 'in', [...names])
    .execute();
  return rows.map((row) => ({
    name: row.name,
    clusterId: row.cluster_id,
    projectName: row.project_name,
    requestId: row.request_id,
    tier: row.tier,
    source: row.source as NamespaceClaim['source'],
  }));
}

/** Replace a request's claims with `claims` (the primary key refuses a name held elsewhere). */
export async function replaceRequestClaims(
  { tx }: TxContext,
  requestId: number,
  claims: readonly Omit<NamespaceClaim, 'requestId' | 'source'>[],
): Promise<void> {
  await tx.deleteFrom('namespace_claims').where('request_id', '=', requestId).execute();
  if (claims.length === 0) return;
  await tx
    .insertInto('namespace_claims')
    .values(
      claims.map((claim) => ({
        name: claim.name,
        cluster_id: claim.clusterId,
        project_name: claim.projectName,
        request_id: requestId,
        tier: claim.tier,
        source: 'request',
      })),
    )
    .execute();
}

export async function releaseRequestClaims({ tx }: TxContext, requestId: number): Promise<void> {
  await tx.deleteFrom('namespace_claims').where('request_id', '=', requestId).execute();
}
