import { seedCommunityData } from '../community/index.ts';
import {
  type OnboardingContext,
  seedOnboardingReference,
  seedSampleRequests,
} from '../onboarding/index.ts';
import { isDatabaseEmpty, lockSeeding, type Tx } from '../store/index.ts';
import { seedDemoProject } from './demo-telemetry.ts';

/**
 * Reference data every opf needs and, with `samples`, two sample requests and an active
 * demo project with a month of sample usage, so a new user sees something real at once. Runs only on a database that has never held anything: an
 * existing one is never touched. Returns whether it seeded.
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
  if (seeded && options.samples) {
    await seedSampleRequests(ctx);
    // An active demo project with a month of sample usage (marked as sample data).
    await ctx.db.transaction().execute((tx: Tx) => seedDemoProject(tx));
  }
  return seeded;
}

/**
 * What an empty cloud starts from: clusters, quota tiers and the current terms
 * (onboarding), meetings and channels (community), in the caller's transaction.
 */
export async function seedReferenceData(tx: Tx): Promise<void> {
  await seedOnboardingReference(tx);
  await seedCommunityData(tx);
}
