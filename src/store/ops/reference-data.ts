import type { Cluster, QuotaTier, TermsVersion } from '../../core/index.ts';
import type { TxContext } from '../schema.ts';

// Clusters, quota tiers and terms: small, admin-owned reference data.

export async function insertCluster({ tx }: TxContext, cluster: Cluster): Promise<void> {
  await tx
    .insertInto('clusters')
    .values({
      id: `${cluster.env}/${cluster.name}`,
      env: cluster.env,
      name: cluster.name,
      display_name: cluster.displayName,
      capacity: JSON.stringify(cluster.capacity),
      console_url: cluster.consoleUrl ?? null,
      argocd_url: cluster.argocdUrl ?? null,
    })
    .execute();
}

export async function listClusters({ tx }: TxContext): Promise<Cluster[]> {
  const rows = await tx.selectFrom('clusters').selectAll().orderBy('id').execute();
  return rows.map((row) => ({
    env: row.env,
    name: row.name,
    displayName: row.display_name,
    capacity: row.capacity,
    ...(row.console_url && { consoleUrl: row.console_url }),
    ...(row.argocd_url && { argocdUrl: row.argocd_url }),
  }));
}

export async function insertQuotaTier(
  { tx }: TxContext,
  tier: QuotaTier,
  position: number,
): Promise<void> {
  await tx
    .insertInto('quota_tiers')
    .values({
      name: tier.name,
      description: tier.description,
      quota: JSON.stringify(tier.quota),
      position,
    })
    .execute();
}

export async function listQuotaTiers({ tx }: TxContext): Promise<QuotaTier[]> {
  const rows = await tx.selectFrom('quota_tiers').selectAll().orderBy('position').execute();
  return rows.map((row) => ({ name: row.name, description: row.description, quota: row.quota }));
}

/** Publish a terms version and make it the current one. */
export async function publishTerms({ tx }: TxContext, terms: TermsVersion): Promise<void> {
  await tx
    .updateTable('terms_versions')
    .set({ is_current: false })
    .where('is_current', '=', true)
    .execute();
  await tx
    .insertInto('terms_versions')
    .values({
      version: terms.version,
      published_at: terms.publishedAt,
      items: JSON.stringify(terms.items),
      is_current: true,
    })
    .execute();
}

export async function findCurrentTerms({ tx }: TxContext): Promise<TermsVersion | undefined> {
  const row = await tx
    .selectFrom('terms_versions')
    .selectAll()
    .where('is_current', '=', true)
    .executeTakeFirst();
  return (
    row && { version: row.version, publishedAt: row.published_at.toISOString(), items: row.items }
  );
}

/** True when nothing was ever stored: the only case demo data may be seeded. */
export async function isDatabaseEmpty({ tx }: TxContext): Promise<boolean> {
  const tables = ['clusters', 'quota_tiers', 'terms_versions', 'projects', 'requests'] as const;
  for (const table of tables) {
    const row = await tx
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    if (Number(row?.n ?? 0) > 0) return false;
  }
  return true;
}
