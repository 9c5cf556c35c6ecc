// Deep import on purpose: community's index imports onboarding (agenda decisions), its seed does not.
import { seedCommunityData } from '../community/seed.ts';
import {
  REFERENCE_QUOTA_TIERS,
  type RequestSpec,
  SEED_CLUSTERS,
  SEED_TERMS,
} from '../core/index.ts';
import {
  insertCluster,
  insertQuotaTier,
  isDatabaseEmpty,
  lockSeeding,
  publishTerms,
  type Tx,
} from '../store/index.ts';
import type { Actor, OnboardingContext } from './context.ts';
import { applyRequestAction } from './request-actions.ts';
import { submitRequest } from './submit-request.ts';

/**
 * Reference data every opf needs (clusters, tiers, terms) and, with `samples`, two sample
 * requests, so a new user sees something real at once. Runs only on a database that has
 * never held anything: an existing one is never touched. Returns whether it seeded.
 */
export async function seedDemoData(
  ctx: OnboardingContext,
  options: { samples: boolean },
): Promise<boolean> {
  const seeded = await ctx.db.transaction().execute(async (tx: Tx) => {
    // Replicas starting together on an empty database: one seeds, the others then see it.
    await lockSeeding({ tx });
    if (!(await isDatabaseEmpty({ tx }))) return false;
    await seedReferenceData(tx);
    return true;
  });
  if (!seeded || !options.samples) return seeded;
  const demo: Actor = { name: 'opf-demo', source: 'seed' };
  const reviewer: Actor = { name: 'ops-demo', source: 'seed' };
  const first = await submitRequest(
    ctx,
    demo,
    sampleRequest('aiops-anomaly-lab', 'moc/smaug', 'medium'),
  );
  await applyRequestAction(ctx, reviewer, first.id, 'start-review');
  const second = await submitRequest(
    ctx,
    demo,
    sampleRequest('green-ci-bench', 'osc/osc-cl1', 'small'),
  );
  await applyRequestAction(ctx, reviewer, second.id, 'request-changes', {
    reason: 'Please add a second team member, so the project is reachable when one of you is away.',
  });
  return true;
}

/** Clusters, quota tiers, the current terms, meetings and channels: what an empty cloud starts from. */
export async function seedReferenceData(tx: Tx): Promise<void> {
  for (const cluster of SEED_CLUSTERS) await insertCluster({ tx }, cluster);
  for (const [position, tier] of REFERENCE_QUOTA_TIERS.entries())
    await insertQuotaTier({ tx }, tier, position);
  await publishTerms({ tx }, SEED_TERMS);
  await seedCommunityData(tx);
}

function sampleRequest(name: string, cluster: string, tier: string): RequestSpec {
  const samples: Record<string, Pick<RequestSpec['project'], 'displayName' | 'description'>> = {
    'aiops-anomaly-lab': {
      displayName: 'AI-Ops anomaly lab',
      description:
        'Anomaly detection models trained on the cloud’s own open telemetry, run next to the workloads they watch.',
    },
    'green-ci-bench': {
      displayName: 'Green CI bench',
      description: 'Measures the energy and cost of open-source CI pipelines on real clusters.',
    },
  };
  return {
    project: {
      name,
      ...samples[name]!,
      repositoryUrl: `https://github.com/example-org/${name}`,
      contacts: [],
    },
    team: { name, owner: 'octo-dev', members: ['octo-dev'] },
    namespaces: [
      { name: `${name}-dev`, cluster, tier, limitRange: true, monitoring: true },
      { name: `${name}-prod`, cluster, tier, limitRange: true, monitoring: true },
    ],
    argocd: { enabled: false, applications: [] },
    terms: { version: SEED_TERMS.version, accepted: SEED_TERMS.items.map((item) => item.id) },
  };
}
