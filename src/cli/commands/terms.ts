import type { Command } from '@commander-js/extra-typings';
import type { TermsVersion } from '../../core/index.ts';
import { json } from '../format.ts';
import type { CliIo } from '../io.ts';
import { clientOf, renderTerms } from './request.ts';

export function registerTermsCommand(program: Command, io: CliIo): void {
  program
    .command('terms')
    .description('show the terms every project accepts (current version)')
    .action(async () => {
      const { api, asJson } = clientOf(program, io);
      const terms = await api.get<TermsVersion>('/api/v1/terms/current');
      io.out(asJson ? json(terms) : renderTerms(terms, 'The terms of this cloud:'));
    });
}
