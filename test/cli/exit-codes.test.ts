import { describe, expect, it } from 'vitest';
import { FIXTURE_DIR } from '../support/fixture-path.ts';
import { runCli } from './helpers.ts';

describe('opf exit codes (the compiled bin/opf.mjs)', () => {
  it.skipIf(!FIXTURE_DIR)(
    'gitops validate exits 8 when the repository has findings (the real fixture has some)',
    async () => {
      const run = await runCli(['gitops', 'validate', '--repo', FIXTURE_DIR!], {}, process.cwd());
      expect(run.code).toBe(8);
      expect(run.err).toContain('OPF_ERR_GITOPS_FINDINGS');
    },
  );

  it('an unknown command is a usage error (2), help is success (0)', async () => {
    expect((await runCli(['no-such-command'], {}, process.cwd())).code).toBe(2);
    const help = await runCli(['--help'], {}, process.cwd());
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: opf');
  });
});
