import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { OpfError } from '../../core/index.ts';
import type { ServerDeps } from '../deps.ts';

/** Liveness (the process answers) and readiness (the database answers too). */
export async function healthRoutes(
  app: FastifyInstance,
  deps: Pick<ServerDeps, 'db' | 'databaseKind'>,
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/healthz',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Is the process alive',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  r.get(
    '/readyz',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Is opf ready to serve (database reachable)',
        response: {
          200: z.object({ status: z.literal('ready'), database: z.enum(['pglite', 'postgres']) }),
        },
      },
    },
    async () => {
      try {
        await sql`select 1`.execute(deps.db);
      } catch {
        throw new OpfError('OPF_ERR_NOT_READY', 'the database does not answer');
      }
      return { status: 'ready' as const, database: deps.databaseKind };
    },
  );
}
