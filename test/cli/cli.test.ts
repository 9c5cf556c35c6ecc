import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/cli/runtime.ts';
import { SEED_TERMS } from '../../src/core/index.ts';
import { ALIAS_BOMB } from '../server/helpers.ts';
import {
  ADMIN_TOKEN,
  type CliRun,
  closedPort,
  runCli,
  startTestOpf,
  tempDir,
  writeFile,
} from './helpers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

let running: Running;
let temp: ReturnType<typeof tempDir>;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  temp = tempDir('opf-cli-test-');
  // The one start on a truly fresh directory: initdb and every migration (others use a template).
  running = await startTestOpf(join(temp.dir, 'data'), { fresh: true });
  env = { OPF_SERVER: running.address, OPF_TOKEN: ADMIN_TOKEN };
});
afterAll(async () => {
  await running?.stop();
  temp?.remove();
});

const opf = (args: string[], extraEnv: NodeJS.ProcessEnv = env) => runCli(args, extraEnv, temp.dir);

function ok(result: CliRun): CliRun {
  expect(result.code, `exit ${result.code}\nstdout: ${result.out}\nstderr: ${result.err}`).toBe(0);
  return result;
}

async function requestCount(): Promise<number> {
  return JSON.parse(ok(await opf(['--json', 'request', 'list', '--limit', '200'])).out).total;
}

const OPF_FORMAT = (name: string, extra: string[] = []) => [
  '# A request in opf’s own format',
  'project:',
  `  name: ${name}`,
  '  displayName: CLI project',
  '  description: Submitted from a file.',
  'team:',
  `  name: ${name}`,
  '  owner: octo-dev',
  '  members: [octo-dev, Second_User.example]',
  'namespaces:',
  `  - name: ${name}-dev`,
  '    cluster: moc/smaug',
  '    tier: small',
  ...extra,
  'terms:',
  `  version: "${SEED_TERMS.version}"`,
  `  accepted: [${SEED_TERMS.items.map((item) => item.id).join(', ')}]`,
];

const OPFCLI_FORMAT = (team: string, namespace: string[] = []) => [
  'env: MOC',
  'target_cluster: Smaug',
  `team_name: ${team}`,
  'project_description: Observability experiments run by the opfcli crowd.',
  'users:',
  '  - octo-dev',
  '  - Jane.Doe',
  'namespaces:',
  `  - name: ${team}-ns`,
  '    custom_quota:',
  '      limits.cpu: "2"',
  '      requests.cpu: "2"',
  '      limits.memory: 8Gi',
  '      requests.storage: 20Gi',
  '    enable_monitoring: true',
  '    disable_limit_range: true',
  `    project_display_name: ${team} display`,
  ...namespace,
];

describe('opf request, against a real server', () => {
  it('request list shows the two demo requests', async () => {
    const result = ok(await opf(['request', 'list']));
    const lines = result.out.split('\n');
    expect(lines[0]).toMatch(/^ID\s+PROJECT\s+STATE\s+NAMESPACES\s+UPDATED$/);
    expect(lines).toHaveLength(3);
    expect(result.out).toMatch(/aiops-anomaly-lab\s+in-review\s+aiops-anomaly-lab-dev@moc\/smaug/);
    expect(result.out).toMatch(
      /green-ci-bench\s+changes-requested\s+green-ci-bench-dev@osc\/osc-cl1/,
    );
  });

  it('--json prints parseable JSON, before or after the command', async () => {
    for (const args of [
      ['--json', 'request', 'list'],
      ['request', 'list', '--json'],
    ]) {
      const page = JSON.parse(ok(await opf(args)).out);
      expect(page.total, args.join(' ')).toBe(2);
      expect(page.items.map((r: { projectName: string }) => r.projectName).sort()).toEqual([
        'aiops-anomaly-lab',
        'green-ci-bench',
      ]);
    }
    const filtered = JSON.parse(
      ok(await opf(['--json', 'request', 'list', '--state', 'in-review'])).out,
    );
    expect(filtered.items.map((r: { projectName: string }) => r.projectName)).toEqual([
      'aiops-anomaly-lab',
    ]);
    const terms = JSON.parse(ok(await opf(['--json', 'terms'])).out);
    expect(terms.version).toBe(SEED_TERMS.version);
    const id = filtered.items[0].id;
    const detail = JSON.parse(ok(await opf(['--json', 'request', 'show', String(id)])).out);
    expect(detail.request.state).toBe('in-review');
    expect(detail.history.map((e: { action: string }) => e.action)).toEqual([
      'request.submit',
      'request.start-review',
    ]);
  });

  it('request list filters by cluster and text and sorts, as the review queue does', async () => {
    const names = async (args: string[]) =>
      JSON.parse(ok(await opf(['--json', 'request', 'list', ...args])).out).items.map(
        (r: { projectName: string }) => r.projectName,
      );
    expect(await names(['--cluster', 'OSC/osc-cl1', '--search', 'green'])).toEqual([
      'green-ci-bench',
    ]);
    expect(await names(['--search', 'ANOMALY', '--order', 'name'])).toEqual(['aiops-anomaly-lab']);
    const refused = await opf(['request', 'list', '--order', 'random']);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('order');
  });

  it('request show prints the history and comments for people', async () => {
    const page = JSON.parse(
      ok(await opf(['--json', 'request', 'list', '--project', 'green-ci-bench'])).out,
    );
    const result = ok(await opf(['request', 'show', String(page.items[0].id)]));
    expect(result.out).toContain('state:      changes-requested');
    expect(result.out).toContain('request.request-changes: Please add a second team member');
    expect(result.out).toMatch(/comments:\n.*ops-demo: Please add a second team member/);
  });

  it('request show tells the whole story of a long history, not only the newest page', async () => {
    const page = JSON.parse(
      ok(await opf(['--json', 'request', 'list', '--project', 'green-ci-bench'])).out,
    );
    const id = page.items[0].id;
    for (let n = 0; n < 60; n += 1) {
      const response = await fetch(`${running.address}/api/v1/requests/${id}/comments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ body: `note ${n}` }),
      });
      expect(response.status).toBe(201);
    }
    const shown = JSON.parse(ok(await opf(['--json', 'request', 'show', String(id)])).out);
    expect(shown.historyTotal).toBeGreaterThan(60);
    expect(shown.history).toHaveLength(shown.historyTotal);
    expect(shown.termsAcceptances).toHaveLength(shown.termsAcceptancesTotal);
    expect(shown.history[0].action).toBe('request.submit');
    const ids = shown.history.map((event: { id: number }) => event.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('request submit -f takes a file in opf format', async () => {
    const file = writeFile(temp.dir, 'request.yaml', OPF_FORMAT('cli-opf'));
    const text = ok(await opf(['request', 'submit', '-f', 'request.yaml']));
    expect(text.out).toMatch(/^request \d+ for project cli-opf: submitted$/);
    const file2 = writeFile(temp.dir, 'request2.yaml', OPF_FORMAT('cli-opf-json'));
    const created = JSON.parse(ok(await opf(['--json', 'request', 'submit', '-f', file2])).out);
    expect(created).toMatchObject({ projectName: 'cli-opf-json', state: 'submitted', version: 1 });
    expect(created.spec.team.members).toEqual(['octo-dev', 'Second_User.example']);
    expect(file).toContain('request.yaml');
  });

  it('request submit --draft saves a draft; resubmit submits it', async () => {
    const file = writeFile(temp.dir, 'draft.yaml', OPF_FORMAT('cli-draft'));
    const draft = JSON.parse(
      ok(await opf(['--json', 'request', 'submit', '-f', file, '--draft'])).out,
    );
    expect(draft.state).toBe('draft');
    const after = JSON.parse(
      ok(await opf(['--json', 'request', 'resubmit', String(draft.id)])).out,
    );
    expect(after.state).toBe('submitted');
  });

  it('request submit takes an opfcli onboard file with --accept-terms, honouring what opfcli ignored', async () => {
    const file = writeFile(temp.dir, 'onboard.yaml', OPFCLI_FORMAT('cli-opfcli'));
    const result = ok(await opf(['--json', 'request', 'submit', '-f', file, '--accept-terms']));
    // The terms are shown before they are accepted.
    expect(result.err).toContain('You accept these terms for this project:');
    for (const item of SEED_TERMS.items) expect(result.err).toContain(item.title);
    const created = JSON.parse(result.out);
    const shown = JSON.parse(ok(await opf(['--json', 'request', 'show', String(created.id)])).out);
    expect(shown.request.spec.project).toMatchObject({
      name: 'cli-opfcli',
      description: 'Observability experiments run by the opfcli crowd.',
    });
    expect(shown.request.spec.team).toEqual({
      name: 'cli-opfcli',
      owner: 'octo-dev',
      members: ['octo-dev', 'Jane.Doe'],
    });
    expect(shown.request.spec.namespaces).toEqual([
      {
        name: 'cli-opfcli-ns',
        displayName: 'cli-opfcli display',
        cluster: 'moc/smaug',
        customQuota: { cpu: '2', memory: '8Gi', storage: '20Gi' },
        limitRange: false,
        monitoring: true,
      },
    ]);
    expect(shown.termsAcceptances).toHaveLength(1);
    expect(shown.termsAcceptances[0]).toMatchObject({
      version: SEED_TERMS.version,
      accepted: SEED_TERMS.items.map((item) => item.id),
    });
  });

  it('an opfcli file without --accept-terms: exit 3, OPF_ERR_TERMS_NOT_ACCEPTED, nothing stored', async () => {
    const before = await requestCount();
    const file = writeFile(temp.dir, 'onboard-no-terms.yaml', OPFCLI_FORMAT('cli-no-terms'));
    const result = await opf(['request', 'submit', '-f', file]);
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/^error OPF_ERR_TERMS_NOT_ACCEPTED: /);
    expect(result.err).toContain('--accept-terms');
    expect(result.out).toBe('');
    expect(await requestCount()).toBe(before);
  });

  it('an opfcli file without users: its submitter is the team’s owner and only member', async () => {
    const lines = OPFCLI_FORMAT('cli-no-users').filter(
      (line) => !['users:', '  - octo-dev', '  - Jane.Doe'].includes(line),
    );
    const file = writeFile(temp.dir, 'onboard-no-users.yaml', lines);
    const created = JSON.parse(
      ok(await opf(['--json', 'request', 'submit', '-f', file, '--accept-terms'])).out,
    );
    const me = JSON.parse(ok(await opf(['--json', 'whoami'])).out) as { login: string };
    expect(created.spec.team).toEqual({
      name: 'cli-no-users',
      owner: me.login,
      members: [me.login],
    });
  });

  it('an opf file without terms and without --accept-terms: exit 3, OPF_ERR_TERMS_NOT_ACCEPTED', async () => {
    const lines = OPF_FORMAT('cli-opf-no-terms').slice(0, -3);
    const file = writeFile(temp.dir, 'no-terms.yaml', lines);
    const result = await opf(['request', 'submit', '-f', file]);
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/^error OPF_ERR_TERMS_NOT_ACCEPTED: /);
    const accepted = ok(await opf(['request', 'submit', '-f', file, '--accept-terms']));
    expect(accepted.out).toMatch(/cli-opf-no-terms: submitted/);
  });

  it('an unknown key: exit 3, the error names the key and its line', async () => {
    const before = await requestCount();
    const opfFile = writeFile(
      temp.dir,
      'typo.yaml',
      OPF_FORMAT('cli-typo', ['    monitorring: true']),
    );
    const result = await opf(['request', 'submit', '-f', opfFile]);
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/^error OPF_ERR_UNKNOWN_KEY: /);
    expect(result.err).toContain('unknown key "monitorring" at line 14');

    const opfcliFile = writeFile(temp.dir, 'typo-opfcli.yaml', [
      ...OPFCLI_FORMAT('cli-typo2'),
      'enable_monitorng: true',
    ]);
    const opfcli = await opf(['request', 'submit', '-f', opfcliFile, '--accept-terms']);
    expect(opfcli.code).toBe(3);
    // A refused file is not shown as accepting the terms.
    expect(opfcli.err).toMatch(/^error OPF_ERR_UNKNOWN_KEY: /);
    expect(opfcli.err).not.toContain('You accept these terms');
    expect(opfcli.err).toContain('unknown key "enable_monitorng" at line 18');
    expect(await requestCount()).toBe(before);
  });

  it('a namespace with both quota and custom_quota: exit 3, OPF_ERR_QUOTA_AMBIGUOUS', async () => {
    const file = writeFile(
      temp.dir,
      'ambiguous.yaml',
      OPFCLI_FORMAT('cli-ambiguous', ['    quota: small']),
    );
    const result = await opf(['request', 'submit', '-f', file, '--accept-terms']);
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/^error OPF_ERR_QUOTA_AMBIGUOUS: /);
    expect(result.err).toContain('line 10');
  });

  it('invalid YAML and a missing file are input errors (exit 3)', async () => {
    const bad = writeFile(temp.dir, 'broken.yaml', ['project: [unclosed', 'team: x']);
    const broken = await opf(['request', 'submit', '-f', bad]);
    expect(broken.code).toBe(3);
    expect(broken.err).toMatch(/^error OPF_ERR_YAML_INVALID: /);
    const bomb = writeFile(temp.dir, 'bomb.yaml', ALIAS_BOMB);
    const exploded = await opf(['request', 'submit', '-f', bomb]);
    expect(exploded.code).toBe(3);
    expect(exploded.err).toMatch(/^error OPF_ERR_YAML_INVALID: .*alias/);
    const missing = await opf(['request', 'submit', '-f', 'no-such-file.yaml']);
    expect(missing.code).toBe(3);
    expect(missing.err).toMatch(/^error OPF_ERR_FILE_UNREADABLE: .*ENOENT/);
  });

  it('server-side refusals keep their code: a taken namespace exits 5', async () => {
    const file = writeFile(
      temp.dir,
      'taken.yaml',
      OPF_FORMAT('cli-taken').map((line) => line.replace('cli-taken-dev', 'aiops-anomaly-lab-dev')),
    );
    const result = await opf(['request', 'submit', '-f', file]);
    expect(result.code).toBe(5);
    expect(result.err).toMatch(/^error OPF_ERR_NAMESPACE_TAKEN: /);
  });

  it('review, request-changes, comment, resubmit, approve and reject', async () => {
    const submitOne = async (name: string) => {
      const file = writeFile(temp.dir, `${name}.yaml`, OPF_FORMAT(name));
      return JSON.parse(ok(await opf(['--json', 'request', 'submit', '-f', file])).out)
        .id as number;
    };
    const id = String(await submitOne('cli-review'));
    expect(ok(await opf(['request', 'review', id])).out).toBe(
      `request ${id}: in-review (version 2)`,
    );
    expect(
      ok(await opf(['request', 'request-changes', id, '--reason', 'Add a docs link.'])).out,
    ).toBe(`request ${id}: changes-requested (version 3)`);
    const comment = ok(await opf(['request', 'comment', id, '-m', 'Docs link added.']));
    expect(comment.out).toMatch(new RegExp(`^comment \\d+ added to request ${id}$`));
    const asJson = JSON.parse(
      ok(await opf(['--json', 'request', 'comment', id, '-m', 'And JSON.'])).out,
    );
    expect(asJson).toMatchObject({ requestId: Number(id), author: 'admin', body: 'And JSON.' });
    expect(ok(await opf(['request', 'resubmit', id, '--version', '3'])).out).toBe(
      `request ${id}: submitted (version 4)`,
    );
    ok(await opf(['request', 'review', id]));
    const approved = JSON.parse(ok(await opf(['--json', 'request', 'approve', id])).out);
    expect(approved).toMatchObject({ state: 'approved', version: 6 });
    const shown = JSON.parse(ok(await opf(['--json', 'request', 'show', id])).out);
    expect(shown.comments.map((c: { body: string }) => c.body)).toEqual([
      'Add a docs link.',
      'Docs link added.',
      'And JSON.',
    ]);

    const other = String(await submitOne('cli-reject'));
    ok(await opf(['request', 'review', other]));
    const noReason = await opf(['request', 'reject', other]);
    expect(noReason.code).toBe(2);
    expect(noReason.err).toContain("required option '-r, --reason <text>' not specified");
    const rejected = ok(await opf(['request', 'reject', other, '-r', 'Not a fit.']));
    expect(rejected.out).toBe(`request ${other}: rejected (version 3)`);
  });

  it('an illegal transition exits 5, a stale --version exits 5, an unknown request exits 4', async () => {
    const file = writeFile(temp.dir, 'cli-conflict.yaml', OPF_FORMAT('cli-conflict'));
    const id = String(
      JSON.parse(ok(await opf(['--json', 'request', 'submit', '-f', file])).out).id,
    );
    const illegal = await opf(['request', 'approve', id]);
    expect(illegal.code).toBe(5);
    expect(illegal.err).toMatch(/^error OPF_ERR_TRANSITION_ILLEGAL: /);
    const stale = await opf(['request', 'review', id, '--version', '7']);
    expect(stale.code).toBe(5);
    expect(stale.err).toMatch(/^error OPF_ERR_VERSION_CONFLICT: /);
    const unknown = await opf(['request', 'show', '999999']);
    expect(unknown.code).toBe(4);
    expect(unknown.err).toMatch(/^error OPF_ERR_NOT_FOUND: /);
  });

  it('approve with no token exits 6 (OPF_ERR_UNAUTHENTICATED); a wrong token too', async () => {
    const green = JSON.parse(
      ok(await opf(['--json', 'request', 'list', '--project', 'aiops-anomaly-lab'])).out,
    ).items[0];
    const anonymous = await opf(['request', 'approve', String(green.id)], {
      OPF_SERVER: running.address,
    });
    expect(anonymous.code).toBe(6);
    expect(anonymous.err).toMatch(/^error OPF_ERR_UNAUTHENTICATED: /);
    const wrong = await opf(['--token', 'not-the-token', 'request', 'approve', String(green.id)]);
    expect(wrong.code).toBe(6);
    expect(wrong.err).toMatch(/^error OPF_ERR_UNAUTHENTICATED: /);
    // Reading stays public.
    ok(await opf(['request', 'list'], { OPF_SERVER: running.address }));
    const still = JSON.parse(ok(await opf(['--json', 'request', 'show', String(green.id)])).out);
    expect(still.request.state).toBe('in-review');
  });

  it('an unreachable server exits 7 with OPF_ERR_SERVER_UNREACHABLE', async () => {
    const port = await closedPort();
    const result = await opf(['--server', `http://127.0.0.1:${port}`, 'request', 'list']);
    expect(result.code).toBe(7);
    expect(result.err).toMatch(
      /^error OPF_ERR_SERVER_UNREACHABLE: cannot reach opf at http:\/\/127\.0\.0\.1:\d+/,
    );
    const viaEnv = await opf(['request', 'list'], { OPF_SERVER: `http://127.0.0.1:${port}` });
    expect(viaEnv.code).toBe(7);
  });

  it('a usage error exits 2', async () => {
    expect((await opf(['request', 'frobnicate'])).code).toBe(2);
    expect((await opf(['request', 'submit'])).code).toBe(2);
    expect((await opf(['--help'])).code).toBe(0);
  });

  it('the real bin runs: node bin/opf.mjs --help and request list --server', async () => {
    // Three real processes at once: the help, a public read, and a refused write.
    const [help, list, failed] = await Promise.all([
      run(process.execPath, ['bin/opf.mjs', '--help'], { cwd: ROOT }),
      run(process.execPath, ['bin/opf.mjs', 'request', 'list', '--server', running.address], {
        cwd: ROOT,
        env: { ...process.env, OPF_SERVER: '', OPF_TOKEN: '' },
      }),
      run(
        process.execPath,
        ['bin/opf.mjs', 'request', 'approve', '1', '--server', running.address],
        {
          cwd: ROOT,
          env: { ...process.env, OPF_TOKEN: '' },
        },
      ).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      ),
    ]);
    expect(help.stdout).toMatch(/^Usage: opf \[options\] \[command\]/);
    expect(help.stdout).toContain('request');
    expect(list.stdout).toMatch(/aiops-anomaly-lab\s+in-review/);
    expect(list.stdout).toMatch(/green-ci-bench\s+changes-requested/);
    expect(failed.code).toBe(6);
    expect(failed.stderr).toMatch(/^error OPF_ERR_UNAUTHENTICATED: /);
  }, 60_000);
});
