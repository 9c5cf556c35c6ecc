import { z } from 'zod';
import { OpfError } from '../core/index.ts';
import { type ChannelRow, deleteChannel, listChannels, upsertChannel } from '../store/index.ts';
import type { CommunityContext } from './context.ts';

export const CHANNEL_KINDS = ['mailing-list', 'chat', 'board'] as const;

export const channelInputSchema = z.strictObject({
  kind: z.enum(CHANNEL_KINDS),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  url: z.string().url().max(2000).nullable().default(null),
  address: z.string().email().max(320).nullable().default(null),
  position: z.number().int().min(0).max(10_000).default(0),
  announce: z.boolean().default(false),
});
export type ChannelInput = z.infer<typeof channelInputSchema>;

export async function getChannels(ctx: CommunityContext): Promise<ChannelRow[]> {
  return listChannels({ tx: ctx.db });
}

/** Create or change a channel of the directory (admin). */
export async function saveChannel(
  ctx: CommunityContext,
  slug: string,
  input: ChannelInput,
): Promise<ChannelRow> {
  if (input.kind !== 'mailing-list' && !input.url)
    throw new OpfError('OPF_ERR_CHANNEL_INVALID', `a ${input.kind} needs a url`, [
      { path: 'url', message: 'required' },
    ]);
  if (input.kind !== 'mailing-list' && input.address)
    throw new OpfError('OPF_ERR_CHANNEL_INVALID', 'only a mailing list has a posting address', [
      { path: 'address', message: 'only for mailing lists' },
    ]);
  if (input.kind === 'mailing-list' && !input.url && !input.address)
    throw new OpfError('OPF_ERR_CHANNEL_INVALID', 'a mailing list needs a url or an address', [
      { path: 'address', message: 'give an address or a url' },
    ]);
  return upsertChannel({ tx: ctx.db }, { slug, ...input });
}

export async function removeChannel(ctx: CommunityContext, slug: string): Promise<void> {
  if (!(await deleteChannel({ tx: ctx.db }, slug)))
    throw new OpfError('OPF_ERR_CHANNEL_UNKNOWN', `no channel "${slug}"`);
}
