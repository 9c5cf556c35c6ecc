import type { TxContext } from '../schema.ts';
import type { SiteContentDocument } from '../site-content-schema.ts';

export type { SiteContentDocument } from '../site-content-schema.ts';

export interface SiteContentView {
  content: SiteContentDocument;
  updatedAt: string;
  updatedBy: string;
}

/** The front page's content; the migration seeds it, so it is always there. */
export async function getSiteContent({ tx }: TxContext): Promise<SiteContentView> {
  const row = await tx
    .selectFrom('site_content')
    .selectAll()
    .where('id', '=', 'site')
    .executeTakeFirstOrThrow();
  return {
    content: row.content,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

export async function putSiteContent(
  { tx }: TxContext,
  content: SiteContentDocument,
  actor: string,
): Promise<SiteContentView> {
  const row = await tx
    .insertInto('site_content')
    .values({ id: 'site', content: JSON.stringify(content), updated_by: actor })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        content: JSON.stringify(content),
        updated_by: actor,
        updated_at: new Date(),
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return {
    content: row.content,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}
