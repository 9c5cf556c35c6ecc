import {
  REFERENCE_QUOTA_TIERS,
  type RequestSpec,
  SEED_CLUSTERS,
  SEED_TERMS,
} from '../core/index.ts';
import { insertCluster, insertQuotaTier, publishTerms, type Tx } from '../store/index.ts';
import type { Actor, OnboardingContext } from './context.ts';
import { applyRequestAction } from './request-actions.ts';
import { submitRequest } from './submit-request.ts';

// The whole first run (with the community's meetings and channels) is src/seed's.

/** Clusters, quota tiers and the current terms: onboarding's part of an empty cloud. */
export async function seedOnboardingReference(tx: Tx): Promise<void> {
  for (const cluster of SEED_CLUSTERS) await insertCluster({ tx }, cluster);
  for (const [position, tier] of REFERENCE_QUOTA_TIERS.entries())
    await insertQuotaTier({ tx }, tier, position);
  await publishTerms({ tx }, SEED_TERMS);
}

/** Two sample requests, one in review and one sent back, so a new user sees something real. */
export async function seedSampleRequests(ctx: OnboardingContext): Promise<void> {
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
