import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { FIXTURE_DIR } from '../support/fixture-path.ts';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    env: {},
    cwd: process.cwd(),
  };
}

describe('opf exit codes', () => {
  it.skipIf(!FIXTURE_DIR)(
    'gitops validate exits 8 when the repository has findings (the real fixture has some)',
    async () => {
      const io = capture();
      const fixture = FIXTURE_DIR!;
      expect(await main(['gitops', 'validate', '--repo', fixture], io)).toBe(8);
      expect(io.stderr.join('\n')).toContain('OPF_ERR_GITOPS_FINDINGS');
    },
  );

  it('an unknown command is a usage error (2), help is success (0)', async () => {
    expect(await main(['no-such-command'], capture())).toBe(2);
    expect(await main(['--help'], capture())).toBe(0);
  });
});
