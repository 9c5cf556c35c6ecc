import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { INSTALL_COMMAND, missingPrograms } from './system-programs.ts';

/** The program a skipped test needs, from its own meta or its suites' (needsProgram()). */
function neededProgram(test: TestCase): string | undefined {
  if (test.meta().needsProgram) return test.meta().needsProgram;
  for (let suite = test.parent; suite.type === 'suite'; suite = suite.parent)
    if (suite.meta().needsProgram) return suite.meta().needsProgram;
  return undefined;
}

/** Counts the tests skipped because a system program is missing, per program. */
export function countSkippedForMissingPrograms(
  modules: readonly TestModule[],
  missing: ReadonlySet<string>,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const module of modules)
    for (const test of module.children.allTests('skipped')) {
      const program = neededProgram(test);
      if (program !== undefined && missing.has(program))
        counts.set(program, (counts.get(program) ?? 0) + 1);
    }
  return counts;
}

/** The run's last line: how many tests were skipped for a missing program, and the fix. */
export default class MissingProgramsReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    const missing = new Set(missingPrograms().map((program) => program.name));
    if (missing.size === 0) return;
    const counts = countSkippedForMissingPrograms(modules, missing);
    const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
    const each = [...counts].map(([program, n]) => `${n} need ${program}`).join(', ');
    console.log(
      `\nopf tests: ${total} test(s) skipped for a missing program${total > 0 ? ` (${each})` : ''}; ${INSTALL_COMMAND} installs it`,
    );
  }
}
