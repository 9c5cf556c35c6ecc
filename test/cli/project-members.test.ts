import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/cli/runtime.ts';
import type { ProjectMembersView } from '../../src/core/index.ts';
import { getProject } from '../../src/onboarding/index.ts';
import { tokenFor } from '../identity/principals.ts';
import { validRequest } from '../support/fixtures.ts';
import { ADMIN_TOKEN, type CliRun, runCli, startTestOpf, tempDir } from './helpers.ts';

let running: Running;
let temp: ReturnType<typeof tempDir>;
let server: string;
const PROJECT = 'cli-team';

const opf = (args: string[], token?: string) =>
  runCli(args, { OPF_SERVER: server, ...(token && { OPF_TOKEN: token }) }, temp.dir);

function exits(result: CliRun, code: number, errorCode?: string): CliRun {
  expect(result.code, `stdout: ${result.out}\nstderr: ${result.err}`).toBe(code);
  if (errorCode) expect(result.err).toContain(errorCode);
  return result;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const listed = async () =>
  JSON.parse(
    exits(await opf(['--json', 'project', 'members', 'list', PROJECT]), 0).out,
  ) as ProjectMembersView;

beforeAll(async () => {
  temp = tempDir('opf-cli-members-');
  running = await startTestOpf(join(temp.dir, 'data'));
  server = running.address;
  const spec = validRequest(PROJECT);
  spec.team = { name: PROJECT, owner: 'octo-dev', members: ['octo-dev', 'Second_User'] };
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const created = await running.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: auth,
    payload: spec as never,
  });
  expect(created.statusCode, created.body).toBe(201);
  for (const action of ['start-review', 'approve'])
    await running.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${created.json().id}/${action}`,
      headers: auth,
      payload: {},
    });
  const ctx = { db: running.database.db, publicUrl: 'http://x' };
  await until(async () => (await getProject(ctx, PROJECT)).status === 'active', 'onboarding');
}, 60_000);
afterAll(async () => {
  await running?.stop();
  temp?.remove();
});

describe('opf project members', () => {
  it('list is public: the owner and the members, as a table or JSON', async () => {
    const table = exits(await opf(['project', 'members', 'list', PROJECT]), 0).out;
    expect(table).toContain(`project ${PROJECT}, team ${PROJECT}`);
    expect(table).toMatch(/octo-dev\s+owner/);
    expect(table).toContain('Second_User');
    expect(await listed()).toMatchObject({
      owner: 'octo-dev',
      members: ['octo-dev', 'Second_User'],
    });
    exits(await opf(['project', 'members', 'list', 'no-such-project']), 4, 'OPF_ERR_NOT_FOUND');
  });

  it('the owner adds and removes; each change is delivered by the job', async () => {
    const owner = await tokenFor(running.database.db, 'octo-dev');
    const add = exits(await opf(['project', 'members', 'add', PROJECT, 'New-Member'], owner), 0);
    expect(add.out).toMatch(/^member change \d+: add New-Member in team cli-team: pending/);
    await until(async () => (await listed()).members.includes('New-Member'), 'the addition');
    const remove = exits(
      await opf(['--json', 'project', 'members', 'remove', PROJECT, 'second_user'], owner),
      0,
    );
    expect(JSON.parse(remove.out)).toMatchObject({
      action: 'remove',
      login: 'second_user',
      state: 'pending',
    });
    await until(async () => (await listed()).members.length === 2, 'the removal');
    expect((await listed()).members).toEqual(['octo-dev', 'New-Member']);
    expect((await listed()).changes.map((c) => c.state)).toEqual(['delivered', 'delivered']);
  });

  it('refusals exit with the CLI’s codes and print the error code', async () => {
    const owner = await tokenFor(running.database.db, 'octo-dev');
    const member = await tokenFor(running.database.db, 'new-member');
    exits(await opf(['project', 'members', 'add', PROJECT, 'zed']), 6, 'OPF_ERR_UNAUTHENTICATED');
    exits(
      await opf(['project', 'members', 'add', PROJECT, 'zed'], member),
      6,
      'OPF_ERR_AUTH_NOT_OWNER',
    );
    exits(
      await opf(['project', 'members', 'add', PROJECT, 'bad login'], owner),
      3,
      'OPF_ERR_USER_INVALID',
    );
    exits(
      await opf(['project', 'members', 'add', PROJECT, 'NEW-MEMBER'], owner),
      5,
      'OPF_ERR_MEMBER_EXISTS',
    );
    exits(
      await opf(['project', 'members', 'remove', PROJECT, 'octo-dev'], owner),
      5,
      'OPF_ERR_MEMBER_IS_OWNER',
    );
    exits(
      await opf(['project', 'members', 'remove', PROJECT, 'nobody'], owner),
      4,
      'OPF_ERR_MEMBER_UNKNOWN',
    );
    exits(await opf(['project', 'members', 'add', PROJECT], owner), 2);
    expect((await listed()).changes).toHaveLength(2);
  });
});
