import type { TestSmtp, TestWebhooks } from '../../community/listeners.ts';
import { api } from './opf.ts';

export const LIST_ADDRESS = 'operate-first-users@lists.example.org';

/** What every `opf serve` of a test needs to mail the list and post to the ops room. */
export function communityEnv(smtp: TestSmtp, hooks: TestWebhooks): Record<string, string> {
  return {
    OPF_SMTP_HOST: '127.0.0.1',
    OPF_SMTP_PORT: String(smtp.port),
    OPF_SMTP_SECURE: 'off',
    OPF_SMTP_FROM: 'opf <opf@opf.test>',
    OPF_PUBLIC_URL: 'http://opf.test',
    OPF_CHAT_WEBHOOKS: JSON.stringify([
      { channel: 'operate-first-ops', format: 'slack', url: `${hooks.url}/slack/T000/B000/XXX` },
    ]),
  };
}

/** Give the users' list its posting address (through the API, as an admin would). */
export async function announceToList(base: string): Promise<void> {
  const current = await api(base, 'GET', '/api/v1/channels');
  const users = (current.json.items as Record<string, unknown>[]).find(
    (c) => c.slug === 'operate-first-users',
  )!;
  const { slug: _slug, ...rest } = users;
  const saved = await api(base, 'PUT', '/api/v1/channels/operate-first-users', {
    ...rest,
    address: LIST_ADDRESS,
    announce: true,
  });
  if (saved.status !== 200)
    throw new Error(`channel: ${saved.status} ${JSON.stringify(saved.json)}`);
}

/** Every announcement with its deliveries, newest first. */
export async function announcements(
  base: string,
): Promise<{ id: number; title: string; deliveries: { transport: string; state: string }[] }[]> {
  const page = await api(base, 'GET', '/api/v1/announcements?limit=200');
  if (page.status !== 200) throw new Error(`announcements: ${page.status}`);
  return page.json.items;
}

/** Message-IDs seen more than once among accepted mail. */
export function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const id of ids) {
    if (seen.has(id)) twice.push(id);
    seen.add(id);
  }
  return twice;
}
