import { findRequest, listPublicEventsByAction } from '../store/index.ts';
import { getAnnouncements } from './announcements.ts';
import { type CommunityContext, nowOf } from './context.ts';

interface Entry {
  id: string;
  title: string;
  updated: string;
  author: string;
  link: string;
  content: string;
}

function xml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** An Atom (RFC 4287) feed; tag: URIs keep entry ids stable whatever the feed's URL. */
export function renderAtom(feed: {
  id: string;
  title: string;
  self: string;
  updated: string;
  entries: Entry[];
}): string {
  const entries = feed.entries.map(
    (e) => `  <entry>
    <id>${xml(e.id)}</id>
    <title>${xml(e.title)}</title>
    <updated>${e.updated}</updated>
    <author><name>${xml(e.author)}</name></author>
    <link rel="alternate" href="${xml(e.link)}"/>
    <content type="text">${xml(e.content)}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(feed.id)}</id>
  <title>${xml(feed.title)}</title>
  <updated>${feed.updated}</updated>
  <link rel="self" href="${xml(feed.self)}"/>
${entries.join('\n')}
</feed>
`;
}

const tag = (ctx: CommunityContext, what: string) =>
  `tag:${new URL(ctx.publicUrl).hostname},2026:${what}`;

export async function announcementsAtom(ctx: CommunityContext): Promise<string> {
  const items = await getAnnouncements(ctx, 50);
  return renderAtom({
    id: tag(ctx, 'announcements'),
    title: 'opf announcements',
    self: `${ctx.publicUrl}/api/v1/feeds/announcements.atom`,
    updated: items[0]?.createdAt ?? nowOf(ctx).toISOString(),
    entries: items.map((a) => ({
      id: tag(ctx, `announcement-${a.id}`),
      title: a.title,
      updated: a.createdAt,
      author: a.author,
      link: `${ctx.publicUrl}/api/v1/announcements/${a.id}`,
      content: a.body,
    })),
  });
}

const DECISIONS: Record<string, string> = {
  'request.approve': 'approved',
  'request.reject': 'rejected',
  'request.request-changes': 'changes requested',
};

/** Review decisions on onboarding requests, newest first (public audit events). */
export async function decisionsAtom(ctx: CommunityContext): Promise<string> {
  const events = await listPublicEventsByAction({ tx: ctx.db }, Object.keys(DECISIONS), 50);
  const projects = new Map<string, string>();
  for (const event of events)
    if (!projects.has(event.subjectId))
      projects.set(
        event.subjectId,
        (await findRequest({ tx: ctx.db }, Number(event.subjectId)))?.projectName ?? '?',
      );
  return renderAtom({
    id: tag(ctx, 'request-decisions'),
    title: 'opf request decisions',
    self: `${ctx.publicUrl}/api/v1/feeds/decisions.atom`,
    updated: events[0]?.at ?? nowOf(ctx).toISOString(),
    entries: events.map((e) => ({
      id: tag(ctx, `audit-${e.id}`),
      title: `${projects.get(e.subjectId)} (request ${e.subjectId}): ${DECISIONS[e.action]}`,
      updated: e.at,
      author: e.actor,
      link: `${ctx.publicUrl}/api/v1/requests/${e.subjectId}`,
      content: e.reason ?? DECISIONS[e.action]!,
    })),
  });
}
