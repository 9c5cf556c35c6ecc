import { type ChildProcess, fork } from 'node:child_process';

/** What a bench run must undo however it ends, undone last-in first-out. */
export class Cleanups {
  private readonly steps: (() => Promise<void>)[] = [];

  push(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    while (this.steps.length > 0)
      await this.steps.pop()!().catch((e) => console.error('cleanup:', e));
  }
}

/**
 * A bench run must end by itself: past `hardLimitMs` (over the expected time) it undoes what
 * it made and exits 2; Ctrl-C and SIGTERM undo it too (exit 130).
 */
export function endRunWithin(cleanups: Cleanups, hardLimitMs: number): void {
  const guard = setTimeout(() => {
    console.error(`bench: still running after ${hardLimitMs / 1000} s; stopping`);
    void cleanups.run().finally(() => process.exit(2));
  }, hardLimitMs);
  guard.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void cleanups.run().finally(() => process.exit(130)));
}

/**
 * Fork a bench's server script (run through tsx, talking over IPC), registered to be stopped
 * by the cleanups; resolves with the first message it sends (its ports), rejects if it exits
 * before.
 */
export function forkServer<Ready>(
  script: string,
  env: Record<string, string>,
  cleanups: Cleanups,
): Promise<Ready> {
  const child = fork(script, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  cleanups.push(() => stopChild(child));
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
}

/** Ask a forked server to stop; kill it if it has not gone within 5 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send('stop');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** A Markdown table, columns padded; the columns in `left` align left, the rest right. */
export function markdownTable(header: string[], lines: string[][], left: Set<number>): string {
  const table = [header, ...lines];
  const widths = header.map((_, c) => Math.max(...table.map((line) => line[c]!.length)));
  const format = (line: string[]) =>
    `| ${line.map((cell, c) => (left.has(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  return [
    format(header),
    `|${widths.map((w, c) => (left.has(c) ? `-${'-'.repeat(w)}-` : `-${'-'.repeat(w)}:`)).join('|')}|`,
    ...lines.map(format),
  ].join('\n');
}
