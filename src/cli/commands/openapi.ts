import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { renderOpenApi } from '../../server/index.ts';
import type { CliIo } from '../io.ts';

export function registerOpenApiCommand(program: Command, io: CliIo): void {
  program
    .command('openapi')
    .description('print the OpenAPI 3.1 document generated from the route schemas')
    .option('--out <file>', 'write it to a file instead')
    .action(async (flags) => {
      const text = await renderOpenApi();
      if (flags.out) writeFileSync(resolve(io.cwd, flags.out), text);
      else io.out(text);
    });
}
