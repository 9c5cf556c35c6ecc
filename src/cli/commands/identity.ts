import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { OpfError } from '../../core/index.ts';
// Types only: erased at run time, so this command does not load the server.
import type { ApiToken, Me } from '../../server/index.ts';
import { ApiClient } from '../api-client.ts';
import { forgetToken, storeToken } from '../credentials.ts';
import { json, table } from '../format.ts';
import type { CliIo } from '../io.ts';
import { clientOf, serverOf } from './request.ts';

const SCOPE_NAMES = ['read', 'request', 'review', 'admin'];

/** `opf login`, `opf logout`, `opf whoami` and `opf token …`. */
export function registerIdentityCommands(program: Command, io: CliIo): void {
  program
    .command('login')
    .description(
      'store an API token for this server (from --token, OPF_TOKEN or --token-file), after checking it',
    )
    .option('--token-file <file>', 'read the token from a file (keeps it out of shell history)')
    .action(async (flags) => {
      const server = serverOf(program, io);
      const given = (program.opts() as { token?: string }).token ?? io.env.OPF_TOKEN;
      const token = flags.tokenFile
        ? readFileSync(resolve(io.cwd, flags.tokenFile), 'utf8').trim()
        : given;
      if (!token)
        throw new OpfError(
          'OPF_ERR_UNAUTHENTICATED',
          `no token given: get one at ${server}/auth/token (you sign in there), save it to a file, then "opf login --token-file FILE"`,
        );
      const me = await new ApiClient({ server, token }).get<Me>('/api/v1/me');
      const file = storeToken(io.env, server, { token, login: me.login });
      io.out(`signed in to ${server} as ${me.login} (${me.role}); token stored in ${file}`);
    });

  program
    .command('logout')
    .description('forget the token stored for this server (revoke it with "opf token revoke")')
    .action(async () => {
      const server = serverOf(program, io);
      io.out(
        forgetToken(io.env, server)
          ? `forgot the token for ${server}`
          : `no token stored for ${server}`,
      );
    });

  program
    .command('whoami')
    .description('who the CLI acts as, with which role and token scopes')
    .action(async () => {
      const { api, asJson } = clientOf(program, io);
      const me = await api.get<Me>('/api/v1/me');
      io.out(
        asJson
          ? json(me)
          : `${me.login} (${me.role}, by ${me.via}${me.scopes ? `; scopes ${me.scopes.join(', ')}` : ''})`,
      );
    });

  const token = program.command('token').description('API tokens for the CLI and automation');
  token
    .command('create')
    .description('create a token; its secret is printed once, on stdout')
    .requiredOption('-n, --name <name>', 'what the token is for')
    .option('-s, --scope <scope...>', `scopes: ${SCOPE_NAMES.join(', ')}`, ['read', 'request'])
    .option('--days <days>', 'days until it expires (at most 366)', '90')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      const created = await api.post<ApiToken & { token: string }>('/api/v1/tokens', {
        name: flags.name,
        scopes: flags.scope,
        expiresInDays: Number(flags.days),
      });
      if (asJson) return io.out(json(created));
      io.err(
        `token ${created.id} "${created.name}" (${created.scopes.join(', ')}), expires ${created.expiresAt}; it is shown only now:`,
      );
      io.out(created.token);
    });
  token
    .command('list')
    .description('your tokens (never their secrets)')
    .option('--all', 'everyone’s (admin)')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      const { items } = await api.get<{ items: ApiToken[] }>(
        `/api/v1/tokens${flags.all ? '?all=true' : ''}`,
      );
      if (asJson) return io.out(json(items));
      io.out(
        table(
          ['ID', 'NAME', 'OWNER', 'PREFIX', 'SCOPES', 'EXPIRES', 'STATE'],
          items.map((t) => [
            String(t.id),
            t.name,
            t.owner,
            t.prefix,
            t.scopes.join(','),
            t.expiresAt.slice(0, 10),
            t.revokedAt ? 'revoked' : Date.parse(t.expiresAt) <= Date.now() ? 'expired' : 'active',
          ]),
        ),
      );
    });
  token
    .command('revoke')
    .description('revoke a token; it stops working at once')
    .argument('<id>', 'token id (from "opf token list")')
    .action(async (id) => {
      const { api, asJson } = clientOf(program, io);
      const revoked = await api.delete<ApiToken>(`/api/v1/tokens/${encodeURIComponent(id)}`);
      io.out(asJson ? json(revoked) : `token ${revoked.id} "${revoked.name}" revoked`);
    });
}
