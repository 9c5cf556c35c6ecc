import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestModule } from 'vitest/node';
import { countSkippedForMissingPrograms } from '../support/missing-programs-reporter.ts';
import { SYSTEM_PROGRAMS, skippedSuitesNotice } from '../support/system-programs.ts';

const SCRIPT = fileURLToPath(new URL('../../scripts/install-system-deps.sh', import.meta.url));
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A PATH with none of the programs, a stand-in apt-get that logs its arguments (and fails when
 * asked to), and stand-ins for `id` and `sudo`: the script runs as a user of that uid.
 */
function machine(options: { uid: number; sudoWorks: boolean; aptFails?: boolean }) {
  const bin = mkdtempSync(join(tmpdir(), 'opf-pretest-'));
  dirs.push(bin);
  const log = join(bin, 'apt.log');
  const script = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  script('apt-get', `echo "$@" >> ${log}\n${options.aptFails ? 'exit 100' : 'exit 0'}`);
  script('id', `echo ${options.uid}`);
  script('sudo', options.sudoWorks ? '[ "$1" = -n ] && shift; "$@"' : 'exit 1');
  symlinkSync('/bin/sh', join(bin, 'sh'));
  const run = (): Promise<{ code: number; out: string; err: string; apt: string[] }> =>
    new Promise((resolve) => {
      execFile(
        '/bin/bash',
        [SCRIPT, '--if-possible'],
        { env: { PATH: bin } },
        (error, out, err) => {
          let apt: string[] = [];
          try {
            apt = readFileSync(log, 'utf8').trim().split('\n');
          } catch {}
          resolve({ code: error ? Number(error.code) : 0, out, err, apt });
        },
      );
    });
  return { run };
}

describe('npm test installs the missing system programs when it can (pretest)', () => {
  it('as root with apt-get: installs what is missing', async () => {
    const result = await machine({ uid: 0, sudoWorks: false }).run();
    expect(result.code).toBe(0);
    // Both calls wait for dpkg's lock when another install holds it.
    expect(result.apt[0]).toBe('-o DPkg::Lock::Timeout=600 update -qq');
    expect(result.apt[1]).toMatch(
      /^-o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends git prometheus/,
    );
    expect(result.apt[1]).toContain('chromium');
  });

  it('a user whose sudo asks a password: installs nothing, says nothing, does not fail', async () => {
    const result = await machine({ uid: 1000, sudoWorks: false }).run();
    expect(result).toMatchObject({ code: 0, out: '', err: '', apt: [] });
  });

  it('a user with password-less sudo: installs through sudo', async () => {
    const result = await machine({ uid: 1000, sudoWorks: true }).run();
    expect(result.code).toBe(0);
    expect(result.apt[1]).toContain('chromium');
  });

  it('apt-get failing (no network): one line, and the tests still run', async () => {
    const result = await machine({ uid: 0, sudoWorks: false, aptFails: true }).run();
    expect(result.code).toBe(0);
    expect(result.err).toContain('could not install git');
  });
});

describe('the run names what it skips for a missing program, first and last', () => {
  it('the first line names the skipped suites and the one command', () => {
    const chromium = SYSTEM_PROGRAMS.find((p) => p.name === 'chromium')!;
    expect(skippedSuitesNotice([chromium])).toBe(
      'opf tests: skipping the browser tests (test/web) (no chromium); sudo bash scripts/install-system-deps.sh installs what is missing',
    );
    expect(skippedSuitesNotice([])).toBeUndefined();
  });

  it('the reporter counts skipped tests whose suite needs a missing program, and no others', () => {
    const suite = (needsProgram?: string, parent?: object) => ({
      type: 'suite',
      meta: () => (needsProgram ? { needsProgram } : {}),
      parent: parent ?? { type: 'module' },
    });
    const test = (parent: object, own?: string) => ({
      meta: () => (own ? { needsProgram: own } : {}),
      parent,
    });
    const browser = suite('chromium');
    const nested = suite(undefined, browser);
    const plain = suite();
    const skipped = [
      test(browser),
      test(nested),
      test(plain),
      test(plain, 'prometheus'),
      test(plain, 'git'),
    ];
    const module = {
      children: { allTests: (state: string) => (state === 'skipped' ? skipped : []) },
    } as unknown as TestModule;
    const counts = countSkippedForMissingPrograms([module], new Set(['chromium', 'prometheus']));
    expect(Object.fromEntries(counts)).toEqual({ chromium: 2, prometheus: 1 });
  });
});
