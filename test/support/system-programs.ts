import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The programs beyond Node.js that some test suites need, as scripts/install-system-deps.sh
 * installs them from Debian's packages. A suite that needs one is skipped where it is missing,
 * and says so: `describe.skipIf(missing)(title, needsProgram('chromium'), …)` marks its tests
 * so that the run's last line counts them (missing-programs-reporter.ts).
 */
export interface SystemProgram {
  name: string;
  /** Which tests are skipped without it. */
  suites: string;
  present: () => boolean;
}

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const SYSTEM_PROGRAMS: SystemProgram[] = [
  { name: 'git', suites: 'the GitOps and provisioning tests', present: () => onPath('git') },
  {
    name: 'chromium',
    suites: 'the browser tests (test/web)',
    present: () => existsSync('/usr/bin/chromium'),
  },
  {
    name: 'prometheus',
    suites: 'the telemetry tests',
    present: () => onPath('prometheus'),
  },
  {
    name: 'prometheus-alertmanager',
    suites: 'the incident tests',
    present: () =>
      onPath('prometheus-alertmanager') || existsSync('/usr/bin/prometheus-alertmanager'),
  },
];

/** The one command that installs every missing program. */
export const INSTALL_COMMAND = 'sudo bash scripts/install-system-deps.sh';

export function missingPrograms(): SystemProgram[] {
  return SYSTEM_PROGRAMS.filter((program) => !program.present());
}

declare module 'vitest' {
  interface TaskMeta {
    /** The system program this suite's tests need (SYSTEM_PROGRAMS). */
    needsProgram?: string;
  }
}

/** The options of a suite that needs `program`: its tests say so to the reporters. */
export function needsProgram(program: string): { meta: { needsProgram: string } } {
  return { meta: { needsProgram: program } };
}

/** The line the run starts with when suites will be skipped; undefined when nothing is missing. */
export function skippedSuitesNotice(missing: SystemProgram[]): string | undefined {
  if (missing.length === 0) return undefined;
  const what = missing.map((program) => `${program.suites} (no ${program.name})`).join(', ');
  return `opf tests: skipping ${what}; ${INSTALL_COMMAND} installs what is missing`;
}
