import type { Selectable } from 'kysely';
import type { ChannelsTable } from '../community-schema.ts';
import type { TxContext } from '../schema.ts';

export interface ChannelRow {
  slug: string;
  kind: 'mailing-list' | 'chat' | 'board';
  name: string;
  description: string;
  url: string | null;
  /** A mailing list's posting address: announcements are mailed here. */
  address: string | null;
  position: number;
  /** Whether announcements go to this channel. */
  announce: boolean;
}

export async function upsertChannel({ tx }: TxContext, c: ChannelRow): Promise<ChannelRow> {
  const fields = {
    kind: c.kind,
    name: c.name,
    description: c.description,
    url: c.url,
    address: c.address,
    position: c.position,
    announce: c.announce,
  };
  const row = await tx
    .insertInto('channels')
    .values({ slug: c.slug, ...fields })
    .onConflict((oc) => oc.column('slug').doUpdateSet({ ...fields, updated_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toChannelRow(row);
}

export async function deleteChannel({ tx }: TxContext, slug: string): Promise<boolean> {
  const result = await tx.deleteFrom('channels').where('slug', '=', slug).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listChannels({ tx }: TxContext): Promise<ChannelRow[]> {
  const rows = await tx
    .selectFrom('channels')
    .selectAll()
    .orderBy('position')
    .orderBy('slug')
    .execute();
  return rows.map(toChannelRow);
}

function toChannelRow(row: Selectable<ChannelsTable>): ChannelRow {
  return {
    slug: row.slug,
    kind: row.kind as ChannelRow['kind'],
    name: row.name,
    description: row.description,
    url: row.url,
    address: row.address,
    position: row.position,
    announce: row.announce,
  };
}
