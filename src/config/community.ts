import { z } from 'zod';
import {
  CHAT_FORMATS,
  type ChatWebhook,
  type CommunitySettings,
  DEFAULT_COMMUNITY_SETTINGS,
} from '../community/index.ts';
import { OpfError } from '../core/index.ts';

const webhooksSchema = z.array(
  z.strictObject({
    channel: z.string().min(1),
    format: z.enum(CHAT_FORMATS),
    url: z.string().url(),
    token: z.string().optional(),
  }),
);

/**
 * Mail and chat settings from the environment (README, configuration table). Webhook URLs
 * and tokens are secrets, so they live here and not in the channels directory.
 */
export function communityConfig(env: NodeJS.ProcessEnv, publicUrl: string): CommunitySettings {
  const host = env.OPF_SMTP_HOST || undefined;
  const port = Number(env.OPF_SMTP_PORT ?? '587');
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `OPF_SMTP_PORT must be a port number, not "${env.OPF_SMTP_PORT}"`,
    );
  const secure = env.OPF_SMTP_SECURE ?? 'auto';
  if (!['auto', 'on', 'off'].includes(secure))
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `OPF_SMTP_SECURE must be auto, on or off, not "${secure}"`,
    );
  return {
    ...DEFAULT_COMMUNITY_SETTINGS,
    smtp:
      host === undefined
        ? undefined
        : {
            host,
            port,
            // Port 465 speaks TLS from the start; others upgrade with STARTTLS when offered.
            secure: secure === 'on' || (secure === 'auto' && port === 465),
            from: env.OPF_SMTP_FROM || `opf <opf@${hostOf(publicUrl)}>`,
            ...(env.OPF_SMTP_USER && {
              user: env.OPF_SMTP_USER,
              password: env.OPF_SMTP_PASSWORD ?? '',
            }),
          },
    webhooks: parseWebhooks(env.OPF_CHAT_WEBHOOKS),
    autoAnnounce: parseAuto(env.OPF_ANNOUNCE_AUTO ?? 'approved,onboarded'),
  };
}

function parseWebhooks(text: string | undefined): ChatWebhook[] {
  if (!text) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new OpfError('OPF_ERR_CONFIG_INVALID', 'OPF_CHAT_WEBHOOKS must be a JSON array');
  }
  const parsed = webhooksSchema.safeParse(value);
  if (!parsed.success)
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `OPF_CHAT_WEBHOOKS: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

function parseAuto(text: string): CommunitySettings['autoAnnounce'] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const unknown = parts.filter((p) => !['approved', 'onboarded', 'none'].includes(p));
  if (unknown.length)
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `OPF_ANNOUNCE_AUTO takes approved, onboarded or none, not "${unknown.join(',')}"`,
    );
  return { approved: parts.includes('approved'), onboarded: parts.includes('onboarded') };
}

/** The host of opf's public URL, for the default sender; a malformed URL is a config error. */
function hostOf(publicUrl: string): string {
  try {
    return new URL(publicUrl).hostname;
  } catch {
    throw new OpfError('OPF_ERR_CONFIG_INVALID', `OPF_PUBLIC_URL is not a URL: "${publicUrl}"`);
  }
}
