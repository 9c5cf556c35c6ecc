import type { Command } from '@commander-js/extra-typings';
import { OpfError, type TermsVersion } from '../../core/index.ts';
import { json } from '../format.ts';
import type { CliIo } from '../io.ts';
import { clientOf, renderTerms } from './request.ts';

export function registerTermsCommand(program: Command, io: CliIo): void {
  const terms = program
    .command('terms')
    .description('show the terms every project accepts (current version)')
    .action(async () => {
      const { api, asJson } = clientOf(program, io);
      const terms = await api.get<TermsVersion>('/api/v1/terms/current');
      io.out(asJson ? json(terms) : renderTerms(terms, 'The terms of this cloud:'));
    });
  terms
    .command('publish')
    .description(
      'publish a new terms version from a file {version, items: [{id, title, text}], summary} (admin): every active project is asked to re-accept it',
    )
    .requiredOption('-f, --file <file>', 'the new terms (YAML or JSON)')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      const { parseYamlInput } = await import('../request-decoding.ts');
      const { readFileSync } = await import('node:fs');
      const { resolve } = await import('node:path');
      let text: string;
      try {
        text = readFileSync(resolve(io.cwd, flags.file), 'utf8');
      } catch (error) {
        throw new OpfError(
          'OPF_ERR_FILE_UNREADABLE',
          `cannot read ${flags.file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
        );
      }
      const published = await api.post<{
        terms: TermsVersion;
        notice: { id: number; recipients: unknown[] };
      }>('/api/v1/terms', parseYamlInput(text, flags.file).value);
      io.out(
        asJson
          ? json(published)
          : `terms ${published.terms.version} published; notice ${published.notice.id} asks ${published.notice.recipients.length} project(s) to re-accept them`,
      );
    });
}
