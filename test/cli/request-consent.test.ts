import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/cli/runtime.ts';
import { tokenFor } from '../identity/principals.ts';
import { validRequest } from '../support/fixtures.ts';
import { ADMIN_TOKEN, type CliRun, runCli, startTestOpf, tempDir, writeFile } from './helpers.ts';

/**
 * Issue 9 item 2 from the terminal: the owner sees what is asked of them and answers it.
 * Issue 15 item 6: `opf request update -f` keeps an acceptance of terms that are current.
 */
let running: Running;
let temp: ReturnType<typeof tempDir>;
let server: string;
const tokens: Record<string, string> = {};

const opf = (args: string[], login?: string) =>
  runCli(args, { OPF_SERVER: server, ...(login && { OPF_TOKEN: tokens[login] }) }, temp.dir);

function exits(result: CliRun, code: number, errorCode?: string): CliRun {
  expect(result.code, `stdout: ${result.out}\nstderr: ${result.err}`).toBe(code);
  if (errorCode) expect(result.err).toContain(errorCode);
  return result;
}

async function submitAs(login: string, spec: ReturnType<typeof validRequest>): Promise<number> {
  const res = await running.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: { authorization: `Bearer ${login === 'admin' ? ADMIN_TOKEN : tokens[login]}` },
    payload: spec as never,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

beforeAll(async () => {
  temp = tempDir('opf-cli-consent-');
  running = await startTestOpf(join(temp.dir, 'data'));
  server = running.address;
  for (const login of ['Alice-Dev', 'mallory'])
    tokens[login] = await tokenFor(running.database.db, login);
  await submitAs('Alice-Dev', validRequest('alpha'));
}, 180_000);
afterAll(async () => {
  await running?.stop();
  temp?.remove();
});

const alphaWith = (login: string) => ({
  name: 'alpha',
  owner: 'Alice-Dev',
  members: ['Alice-Dev', 'bob_openshift.user', login],
});

describe('opf request consent', () => {
  it('the owner lists what waits for them, reads it on the request, and consents', async () => {
    const id = await submitAs(
      'mallory',
      validRequest('mallory-app', { team: alphaWith('mallory') }),
    );
    const mine = exits(await opf(['request', 'consents', '--mine'], 'Alice-Dev'), 0).out;
    expect(mine).toMatch(
      new RegExp(`${id}\\s+mallory-app\\s+alpha\\s+Alice-Dev\\s+mallory\\s+mallory\\s+pending`),
    );
    const shown = exits(await opf(['request', 'show', String(id)]), 0).out;
    expect(shown).toContain("waiting for the team owner's consent");
    expect(shown).toContain(`opf request consent ${id} --approve`);
    expect(shown).not.toMatch(/next:.*approve/);
    // The asker cannot answer for the owner.
    exits(
      await opf(['request', 'consent', String(id), '--approve'], 'mallory'),
      6,
      'OPF_ERR_AUTH_NOT_OWNER',
    );
    const given = exits(await opf(['request', 'consent', String(id), '--approve'], 'Alice-Dev'), 0);
    expect(given.out).toContain('consent given for team alpha');
    expect(exits(await opf(['request', 'consents', '--mine'], 'Alice-Dev'), 0).out).toBe(
      'no consent is waiting for an answer',
    );
    const history = exits(await opf(['request', 'show', String(id)]), 0).out;
    expect(history).toMatch(/Alice-Dev\s+request\.consent-give/);
  });

  it('a refusal needs a reason, one of --approve or --refuse, and ends the request', async () => {
    const id = await submitAs(
      'mallory',
      validRequest('mallory-two', { team: alphaWith('mallory') }),
    );
    exits(await opf(['request', 'consent', String(id)], 'Alice-Dev'), 3, 'OPF_ERR_VALIDATION');
    exits(
      await opf(['request', 'consent', String(id), '--approve', '--refuse'], 'Alice-Dev'),
      3,
      'OPF_ERR_VALIDATION',
    );
    exits(
      await opf(['request', 'consent', String(id), '--refuse'], 'Alice-Dev'),
      3,
      'OPF_ERR_VALIDATION',
    );
    const refused = exits(
      await opf(
        ['request', 'consent', String(id), '--refuse', '-r', 'not our project'],
        'Alice-Dev',
      ),
      0,
    );
    expect(refused.out).toContain('the request is rejected');
    const shown = exits(await opf(['request', 'show', String(id)]), 0).out;
    expect(shown).toContain('refused by Alice-Dev: not our project');
  });
});

describe('opf request update -f', () => {
  it('keeps the request’s acceptance while those terms are current: no --accept-terms', async () => {
    const spec = validRequest('kept-terms');
    const id = await submitAs('Alice-Dev', spec);
    const { terms: _terms, ...withoutTerms } = spec;
    withoutTerms.project.description = 'Edited without accepting the terms again.';
    const file = writeFile(temp.dir, 'edit.json', [JSON.stringify(withoutTerms)]);
    const out = exits(await opf(['request', 'update', String(id), '-f', file], 'Alice-Dev'), 0).out;
    expect(out).toContain(`request ${id}: submitted (version 2)`);
    const detail = (await running.app.inject({ url: `/api/v1/requests/${id}` })).json();
    expect(detail.request.spec.project.description).toBe(
      'Edited without accepting the terms again.',
    );
  });
});
