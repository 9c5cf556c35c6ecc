import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createAnnouncement, getAnnouncement } from '../../src/community/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { templateDatabaseAt } from '../support/data-dir.ts';
import {
  announcingChannels,
  PUBLIC_URL,
  runnerFor,
  runUntil,
  settingsFor,
} from './delivery-setup.ts';
import { TestSmtp, TestWebhooks } from './listeners.ts';

const dir = mkdtempSync(join(tmpdir(), 'opf-kill-'));
let smtp: TestSmtp;
let hooks: TestWebhooks;
let child: ChildProcess | undefined;
beforeAll(async () => {
  smtp = new TestSmtp();
  await smtp.start();
  hooks = new TestWebhooks();
  await hooks.start();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await smtp.stop();
  await hooks.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A file database both processes use in turn (PGlite is single-process), with an announcement. */
async function announcementOnDisk(dataDir: string, title: string) {
  templateDatabaseAt(dataDir);
  const first = await openDatabase({ kind: 'pglite', dataDir });
  await announcingChannels(first.db);
  const created = await createAnnouncement({ db: first.db, publicUrl: PUBLIC_URL }, 'ops-alice', {
    kind: 'incident',
    title,
    body: 'The API is back; we are watching it.',
  });
  await first.close();
  return created!;
}

/** Start the runner process; resolves when it dies by SIGKILL. */
function startChild(dataDir: string): { exited: Promise<boolean>; kill: () => void } {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'kill-child.ts'),
      dataDir,
      String(smtp.port),
      hooks.url,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child = proc;
  const exited = new Promise<boolean>((resolve) =>
    proc.on('exit', (_c, signal) => resolve(signal === 'SIGKILL')),
  );
  return { exited, kill: () => proc.kill('SIGKILL') };
}

const FORMAT: Record<string, string> = { slack: 'slack', gchat: 'google-chat', matrix: 'matrix' };
const formatOf = (url: string) => FORMAT[url.split('/')[1]!]!;

/** After the kill: a second runner, once the killed one's lease ran out, finishes the work. */
async function finishWithSecondRunner(dataDir: string, id: number) {
  const second = await openDatabase({ kind: 'pglite', dataDir });
  try {
    const ctx = { db: second.db, publicUrl: PUBLIC_URL };
    const before = await getAnnouncement(ctx, id);
    const runner = runnerFor(second.db, settingsFor(smtp, hooks));
    await runUntil(runner, async () =>
      (await getAnnouncement(ctx, id)).deliveries.every((d) => d.state === 'sent'),
    );
    for (let i = 0; i < 3; i++) await runner.runDue();
    return before;
  } finally {
    await second.close();
  }
}

beforeEach(() => {
  smtp.accepted = [];
  smtp.attempts = [];
  hooks.received = [];
});

it('a runner killed (SIGKILL) in the middle of sending mail: a second runner delivers it, once; nothing else twice', async () => {
  const dataDir = join(dir, 'mail');
  const announcement = await announcementOnDisk(dataDir, 'Incident update: smaug API');
  // The mail server takes the message in and never answers: the test kills the sender then.
  const runner = startChild(dataDir);
  let killedAt: string | undefined;
  smtp.hold = (mail) => {
    killedAt = mail.headers['message-id'];
    runner.kill();
  };
  expect(await runner.exited).toBe(true);
  smtp.hold = undefined;
  expect(killedAt).toBe(`<announcement-${announcement.id}.operate-first-users.email@opf.test>`);
  expect(smtp.accepted).toHaveLength(0);
  // Whatever chat posts the runner made before it died (it takes jobs in no fixed order),
  // each went out once and is recorded as sent.
  const early = hooks.received.map((r) => formatOf(r.url)).sort();
  expect(new Set(early).size).toBe(early.length);

  const before = await finishWithSecondRunner(dataDir, announcement.id);
  expect(
    before.deliveries
      .filter((d) => d.state === 'sent')
      .map((d) => d.transport)
      .sort(),
  ).toEqual(early);
  expect(before.deliveries.find((d) => d.transport === 'email')?.state).toBe('pending');
  expect(smtp.accepted.map((m) => m.headers['message-id'])).toEqual([killedAt]);
  expect(smtp.attempts).toEqual([killedAt, killedAt]);
  expect(hooks.received.map((r) => formatOf(r.url)).sort()).toEqual([
    'google-chat',
    'matrix',
    'slack',
  ]);
}, 60_000);

it('killed while Matrix holds the post: the retry carries the same transaction id, so the room gets one event', async () => {
  const dataDir = join(dir, 'matrix');
  const announcement = await announcementOnDisk(dataDir, 'Upgrade done');
  const runner = startChild(dataDir);
  hooks.holdPath = '/matrix/';
  hooks.onHold = () => runner.kill();
  expect(await runner.exited).toBe(true);
  hooks.holdPath = undefined;
  await finishWithSecondRunner(dataDir, announcement.id);
  const matrix = hooks.received.filter((r) => r.url.startsWith('/matrix/'));
  // The homeserver saw the PUT twice (once unanswered), under one transaction id: Matrix
  // returns the first event for the second (client-server API, idempotent PUT).
  expect(matrix).toHaveLength(2);
  expect(new Set(matrix.map((r) => r.url)).size).toBe(1);
  expect(matrix[0]!.url).toContain(
    `/send/m.room.message/opf-announcement-${announcement.id}-operate-first-ops-matrix`,
  );
  expect(hooks.received.filter((r) => r.url.startsWith('/slack/'))).toHaveLength(1);
  expect(hooks.received.filter((r) => r.url.startsWith('/gchat/'))).toHaveLength(1);
  expect(smtp.accepted).toHaveLength(1);
}, 60_000);
