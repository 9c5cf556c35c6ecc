import {
  buildCapacityReport,
  type CapacityReport,
  COMMITTED_STATES,
  OpfError,
} from '../core/index.ts';
import {
  committedNamespaceGroups,
  findRequest,
  listClusters,
  listQuotaTiers,
} from '../store/index.ts';
import type { OnboardingContext } from './context.ts';

/**
 * Each cluster's capacity against the quotas on it, and what each of `requestIds` would
 * add. One snapshot: everything is read in one transaction so the sums agree.
 */
export async function clusterCapacity(
  ctx: OnboardingContext,
  requestIds: readonly number[] = [],
): Promise<CapacityReport> {
  return ctx.db.transaction().execute(async (tx) => {
    // One connection in a transaction: ask in turn.
    const clusters = await listClusters({ tx });
    const tiers = await listQuotaTiers({ tx });
    const committed = await committedNamespaceGroups({ tx }, COMMITTED_STATES);
    const requests = [];
    for (const id of new Set(requestIds)) {
      const request = await findRequest({ tx }, id);
      if (!request) throw new OpfError('OPF_ERR_NOT_FOUND', `request ${id} does not exist`);
      requests.push({ id, state: request.state, namespaces: request.spec.namespaces });
    }
    return buildCapacityReport({ clusters, tiers, committed, requests });
  });
}
