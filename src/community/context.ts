import type { Db } from '../store/index.ts';

/** Chat formats opf posts announcements in. */
export const CHAT_FORMATS = ['slack', 'google-chat', 'matrix'] as const;
export type ChatFormat = (typeof CHAT_FORMATS)[number];

/** A chat webhook from configuration (its URL and token are secrets, so not in the database). */
export interface ChatWebhook {
  /** The channel of the directory it posts to. */
  channel: string;
  format: ChatFormat;
  /** Slack/Google Chat: the incoming-webhook URL. Matrix: the room's client-server API URL. */
  url: string;
  /** Matrix: the access token of the posting user. */
  token?: string;
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  from: string;
  user?: string;
  password?: string;
}

export interface CommunitySettings {
  /** undefined: no mail server configured; mail deliveries wait (visible) until one is. */
  smtp: SmtpSettings | undefined;
  webhooks: ChatWebhook[];
  /** Which request events announce themselves. */
  autoAnnounce: { approved: boolean; onboarded: boolean };
  /** Give up on a delivery after this many attempts (the job runner's limit too). */
  maxAttempts: number;
  /** Per-attempt network timeout. */
  timeoutMs: number;
}

export interface CommunityContext {
  db: Db;
  publicUrl: string;
  now?: () => Date;
}

export function nowOf(ctx: CommunityContext): Date {
  return ctx.now ? ctx.now() : new Date();
}

export const DEFAULT_COMMUNITY_SETTINGS: CommunitySettings = {
  smtp: undefined,
  webhooks: [],
  autoAnnounce: { approved: true, onboarded: true },
  maxAttempts: 8,
  timeoutMs: 15_000,
};
