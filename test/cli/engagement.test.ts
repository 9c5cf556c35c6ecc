import { join } from 'node:path';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextCommands } from '../../src/cli/commands/request-next.ts';
import { createProgram } from '../../src/cli/program.ts';
import type { Running } from '../../src/cli/runtime.ts';
import { allowedActions, REQUEST_STATES, SEED_TERMS } from '../../src/core/index.ts';
import { getProject } from '../../src/onboarding/index.ts';
import { tokenFor } from '../identity/principals.ts';
import { validRequest } from '../support/fixtures.ts';
import { ADMIN_TOKEN, type CliRun, runCli, startTestOpf, tempDir, writeFile } from './helpers.ts';

/**
 * Whether `line` ("opf request offboard 7 -r WHY") is a command opf has: each word names a
 * subcommand until one with an action, whose arguments and required options it must fill.
 */
function parses(line: string): string | undefined {
  const program = createProgram({ out: () => {}, err: () => {}, env: {}, cwd: '/' });
  const words = line.split(' ').slice(1);
  let command: CommandUnknownOpts = program as never;
  while (words.length && command.commands.some((c) => c.name() === words[0])) {
    const name = words.shift();
    command = command.commands.find((c) => c.name() === name)!;
  }
  if (command === (program as never) || command.commands.length > 0)
    return `no command in "${line}"`;
  const { operands, unknown } = command.parseOptions(words);
  if (unknown.length) return `unknown options ${unknown.join(' ')} in "${line}"`;
  const wanted = command.registeredArguments;
  if (operands.length < wanted.filter((a) => a.required).length || operands.length > wanted.length)
    return `"${line}" gives ${operands.length} argument(s); ${command.name()} takes ${wanted.length}`;
  for (const option of command.options.filter((o) => o.mandatory))
    if (!words.some((w) => w === option.short || w === option.long))
      return `"${line}" lacks ${option.long}`;
  return undefined;
}

describe('opf request show suggests only commands that exist', () => {
  it('every suggestion of every state parses, with and without an open proposal', () => {
    const problems: string[] = [];
    let count = 0;
    for (const state of REQUEST_STATES)
      for (const proposal of [false, true])
        for (const line of nextCommands(42, allowedActions(state), proposal)) {
          count += 1;
          const problem = parses(line);
          if (problem) problems.push(problem);
        }
    expect(count).toBeGreaterThan(15);
    expect(problems).toEqual([]);
  });

  it('the check is not a rubber stamp', () => {
    expect(parses('opf request start-offboarding')).toMatch(/argument/);
    expect(parses('opf request offboard 7')).toMatch(/lacks --reason/);
    expect(parses('opf request decide-offboarding 7')).toMatch(/no command/);
    expect(parses('opf request review 7 --force')).toMatch(/unknown options/);
  });
});

let running: Running;
let temp: ReturnType<typeof tempDir>;
let server: string;
let requestId: number;
const PROJECT = 'cli-leaving';

const opf = (args: string[], token?: string) =>
  runCli(args, { OPF_SERVER: server, ...(token && { OPF_TOKEN: token }) }, temp.dir);

function exits(result: CliRun, code: number, errorCode?: string): CliRun {
  expect(result.code, `stdout: ${result.out}\nstderr: ${result.err}`).toBe(code);
  if (errorCode) expect(result.err).toContain(errorCode);
  return result;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  temp = tempDir('opf-cli-engagement-');
  running = await startTestOpf(join(temp.dir, 'data'));
  server = running.address;
  const spec = validRequest(PROJECT);
  spec.team = { name: PROJECT, owner: 'octo-dev', members: ['octo-dev', 'second-dev'] };
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const created = await running.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: auth,
    payload: spec as never,
  });
  expect(created.statusCode, created.body).toBe(201);
  requestId = created.json().id;
  for (const action of ['start-review', 'approve'])
    await running.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${requestId}/${action}`,
      headers: auth,
      payload: {},
    });
  const ctx = { db: running.database.db, publicUrl: 'http://x' };
  await until(async () => (await getProject(ctx, PROJECT)).status === 'active', 'onboarding');
}, 90_000);
afterAll(async () => {
  await running?.stop();
  temp?.remove();
});

describe('opf notices, opf projects at-risk, opf terms publish, opf request offboard', () => {
  it('ops post a notice; a member acknowledges it without naming the project; show tells who has not', async () => {
    const member = await tokenFor(running.database.db, 'second-dev');
    exits(
      await opf(['notices', 'post', '--title', 'x', '--body', 'y'], member),
      6,
      'OPF_ERR_FORBIDDEN',
    );
    const posted = exits(
      await opf(
        [
          '--json',
          'notices',
          'post',
          '--kind',
          'upgrade',
          '--title',
          'Upgrade on Friday',
          '--body',
          'Restarts.',
        ],
        ADMIN_TOKEN,
      ),
      0,
    );
    const notice = JSON.parse(posted.out) as { id: number; recipients: { project: string }[] };
    expect(notice.recipients.map((r) => r.project)).toContain(PROJECT);
    const ack = exits(await opf(['notices', 'ack', String(notice.id)], member), 0);
    expect(ack.out).toMatch(
      new RegExp(`^notice ${notice.id}: acknowledged for ${PROJECT} by second-dev at `),
    );
    const shown = exits(await opf(['notices', 'show', String(notice.id)]), 0).out;
    expect(shown).toMatch(
      new RegExp(`${PROJECT}\\s+acknowledged \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\\s+second-dev`),
    );
    const others = notice.recipients.filter((r) => r.project !== PROJECT);
    for (const other of others) expect(shown).toMatch(new RegExp(`${other.project}\\s+not yet`));
    expect(shown).toContain(`answered 1 of ${notice.recipients.length}:`);
    exits(await opf(['notices', 'ack', 'x1'], member), 3, 'OPF_ERR_VALIDATION');
    const listed = exits(await opf(['notices', 'list', '--status', 'open']), 0).out;
    expect(listed).toContain(`1/${notice.recipients.length}`);
  });

  it('new terms from a file: published, and a notice asks every active project to re-accept', async () => {
    const file = writeFile(temp.dir, 'terms.json', [
      JSON.stringify({ version: '2027-cli', items: SEED_TERMS.items, summary: 'Clearer words.' }),
    ]);
    const out = exits(await opf(['terms', 'publish', '-f', file], ADMIN_TOKEN), 0).out;
    expect(out).toMatch(
      /^terms 2027-cli published; notice \d+ asks \d+ project\(s\) to re-accept them$/,
    );
    exits(
      await opf(['terms', 'publish', '-f', file], ADMIN_TOKEN),
      5,
      'OPF_ERR_TERMS_VERSION_EXISTS',
    );
    const atRisk = JSON.parse(
      exits(await opf(['--json', 'projects', 'at-risk', '--all']), 0).out,
    ) as {
      project: string;
      status: string;
    }[];
    expect(atRisk.find((r) => r.project === PROJECT)?.status).toBe('engaged');
    expect(exits(await opf(['projects', 'engagement', PROJECT]), 0).out).toContain(
      'incident answers:       0 incident(s)',
    );
  });

  it('the team asks to leave; show suggests the decision; ops decide; the removal makes it offboarded', async () => {
    const member = await tokenFor(running.database.db, 'second-dev');
    exits(await opf(['request', 'offboard', String(requestId)], member), 2);
    exits(await opf(['request', 'offboard', String(requestId), '-r', 'Moving on.'], member), 0);
    const shown = exits(await opf(['request', 'show', String(requestId)]), 0).out;
    expect(shown).toContain(`  opf request start-offboarding ${requestId}`);
    expect(shown).toContain(`  opf request cancel-offboarding ${requestId} -r WHY`);
    exits(
      await opf(['request', 'start-offboarding', String(requestId)], member),
      6,
      'OPF_ERR_FORBIDDEN',
    );
    exits(await opf(['request', 'start-offboarding', String(requestId)], ADMIN_TOKEN), 0);
    const ctx = { db: running.database.db, publicUrl: 'http://x' };
    await until(
      async () => (await getProject(ctx, PROJECT)).status === 'offboarded',
      'the removal',
    );
    expect(exits(await opf(['request', 'show', String(requestId)]), 0).out).toContain(
      'next:       nothing (final state)',
    );
    exits(
      await opf(['request', 'finish-offboarding', String(requestId)], ADMIN_TOKEN),
      5,
      'OPF_ERR_TRANSITION_ILLEGAL',
    );
  });
});
