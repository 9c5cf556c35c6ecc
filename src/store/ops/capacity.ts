import { sql } from 'kysely';
import type { CommittedGroup, RequestState } from '../../core/index.ts';
import type { TxContext } from '../schema.ts';

/**
 * The namespaces that hold quota on the clusters, grouped by cluster and tier (or custom
 * quota): those of requests in `states`, and those imported from the GitOps repository.
 * Grouping in the database keeps this one small answer however many projects there are.
 */
export async function committedNamespaceGroups(
  { tx }: TxContext,
  states: readonly RequestState[],
): Promise<CommittedGroup[]> {
  const { rows } = await sql<{
    cluster: string | null;
    tier: string | null;
    custom_quota: unknown;
    n: number;
  }>`
    select ns->>'cluster' as cluster, ns->>'tier' as tier, ns->'customQuota' as custom_quota,
           count(*)::int as n
      from requests cross join lateral jsonb_array_elements(requests.spec->'namespaces') as ns
     where requests.state in (${sql.join(states.map((state) => sql`${state}`))})
     group by 1, 2, 3
    union all
    select cluster_id, tier, null, count(*)::int
      from namespace_claims
     where source = 'imported'
     group by 1, 2`.execute(tx);
  return rows.map((row) => ({
    cluster: row.cluster,
    tier: row.tier,
    customQuota: row.custom_quota ?? null,
    count: Number(row.n),
  }));
}
