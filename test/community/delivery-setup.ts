import {
  type CommunitySettings,
  communityJobs,
  DEFAULT_COMMUNITY_SETTINGS,
  SEED_CHANNELS,
} from '../../src/community/index.ts';
import { JobRunner } from '../../src/jobs/index.ts';
import { type Db, upsertChannel } from '../../src/store/index.ts';
import type { TestSmtp, TestWebhooks } from './listeners.ts';

export const LIST_ADDRESS = 'operate-first-users@lists.example.org';
export const PUBLIC_URL = 'http://opf.test';

/** The seeded users' list gets an address; the ops chat room posts to all three formats. */
export async function announcingChannels(db: Db): Promise<void> {
  const users = SEED_CHANNELS.find((c) => c.slug === 'operate-first-users')!;
  await upsertChannel({ tx: db }, { ...users, address: LIST_ADDRESS, announce: true });
}

export function settingsFor(smtp: TestSmtp, hooks: TestWebhooks): CommunitySettings {
  return {
    ...DEFAULT_COMMUNITY_SETTINGS,
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'opf <opf@opf.test>' },
    webhooks: [
      { channel: 'operate-first-ops', format: 'slack', url: `${hooks.url}/slack/T000/B000/XXX` },
      {
        channel: 'operate-first-ops',
        format: 'google-chat',
        url: `${hooks.url}/gchat/v1/spaces/AAA/messages?key=k&token=t`,
      },
      {
        channel: 'operate-first-ops',
        format: 'matrix',
        url: `${hooks.url}/matrix/_matrix/client/v3/rooms/!ops:example.org`,
        token: 'matrix-token',
      },
    ],
    maxAttempts: 6,
    timeoutMs: 2000,
  };
}

/** A job runner with short backoff, as the server wires it (tests call runDue). */
export function runnerFor(db: Db, settings: CommunitySettings, leaseMs = 5000): JobRunner {
  return new JobRunner({
    db,
    handlers: communityJobs({ db, publicUrl: PUBLIC_URL }, settings),
    maxAttempts: settings.maxAttempts,
    backoffBaseMs: 100,
    backoffMaxMs: 400,
    leaseMs,
  });
}

/** Run due jobs until `done` holds, waiting out backoff; bounded. */
export async function runUntil(
  runner: JobRunner,
  done: () => Promise<boolean>,
  rounds = 60,
): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await runner.runDue();
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('not done within the bounded rounds');
}
