import { isOpfError } from '../core/index.ts';
import { EXIT, exitCodeOf } from './exit-codes.ts';
import { type CliIo, processIo } from './io.ts';
import { CommanderError, createProgram } from './program.ts';

/** Run `opf` with `argv` (without node and script); returns the exit code. Never exits. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not failures; any other commander error is a usage error,
      // named by its stable code after commander's own message.
      if (error.exitCode === 0) return EXIT.ok;
      io.err(`error OPF_ERR_USAGE: ${error.message.replace(/^error: /, '')}`);
      return EXIT.usage;
    }
    if (isOpfError(error)) {
      io.err(`error ${error.code}: ${error.message}`);
      for (const detail of error.details ?? [])
        if (detail.message !== error.message) io.err(`  - ${detail.message}`);
      return exitCodeOf(error);
    }
    io.err(`error OPF_ERR_INTERNAL: ${(error as Error).stack ?? error}`);
    return EXIT.internal;
  }
}
