import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import type { CliIo } from '../io.ts';

export function registerOpenApiCommand(program: Command, io: CliIo): void {
  program
    .command('openapi')
    .description('print the OpenAPI 3.1 document generated from the route schemas')
    .option('--out <file>', 'write it to a file instead')
    .action(async (flags) => {
      // The server's routes are loaded for this command only, not behind every `opf` run.
      const { renderOpenApi } = await import('../../server/index.ts');
      const text = await renderOpenApi();
      if (flags.out) writeFileSync(resolve(io.cwd, flags.out), text);
      else io.out(text);
    });
}
