import { spawn } from 'node:child_process';

export interface BoundedRun {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** The child (and everything it started) is killed when it runs longer than this. */
  timeoutMs: number;
  /** Output kept per stream; more fails the run, as execFile's maxBuffer does. */
  maxBuffer?: number;
}

export interface Finished {
  stdout: string;
  stderr: string;
}

/** Why a run did not succeed: it exited non-zero, could not start, or timed out. */
export class ProcessFailure extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly reason: 'exit' | 'spawn' | 'timeout' | 'output',
    /** ENOENT when the program is not installed. */
    readonly errno?: string,
  ) {
    super(message);
  }
}

/**
 * Run a program with a deadline. The child gets its own process group, and a timeout kills
 * the whole group with SIGKILL: git starts helpers (ssh, remote-helpers, hooks) that hold
 * the pipes open, so killing git alone (what execFile's `timeout` does) would leave them
 * running and the promise waiting for them. The run settles at the deadline, not when the
 * last descendant lets go of the pipes.
 */
export function runBounded(program: string, args: readonly string[], options: BoundedRun) {
  const maxBuffer = options.maxBuffer ?? 64 * 1024 * 1024;
  return new Promise<Finished>((resolve, reject) => {
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const sizes = { out: 0, err: 0 };
    let settled = false;
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const settle = (failure?: ProcessFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (failure) reject(failure);
      else resolve({ stdout: text(out), stderr: text(err) });
    };
    const timer = setTimeout(() => {
      killGroup();
      settle(
        new ProcessFailure(
          `${program} ${args.join(' ')} ran longer than ${options.timeoutMs} ms and was stopped`,
          text(err),
          'timeout',
        ),
      );
    }, options.timeoutMs);
    const collect = (chunks: Buffer[], stream: 'out' | 'err') => (chunk: Buffer) => {
      sizes[stream] += chunk.length;
      if (sizes[stream] > maxBuffer) {
        killGroup();
        settle(new ProcessFailure(`${program} wrote more than ${maxBuffer} bytes`, '', 'output'));
        return;
      }
      chunks.push(chunk);
    };
    child.stdout.on('data', collect(out, 'out'));
    child.stderr.on('data', collect(err, 'err'));
    child.on('error', (error: NodeJS.ErrnoException) =>
      settle(new ProcessFailure(error.message, '', 'spawn', error.code)),
    );
    child.on('close', (code, signal) => {
      if (code === 0) settle();
      else
        settle(
          new ProcessFailure(
            `${program} ${args[0] ?? ''} exited with ${signal ?? code}`,
            text(err),
            'exit',
          ),
        );
    });
  });
}

function text(chunks: Buffer[]): string {
  return Buffer.concat(chunks).toString('utf8');
}
