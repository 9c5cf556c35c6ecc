import type { Command } from '@commander-js/extra-typings';
import type { CliIo } from '../io.ts';

export function registerServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description(
      'start the opf server and job runner (embedded PGlite under the data dir unless DATABASE_URL is set)',
    )
    .option(
      '--role <role>',
      'all: serve HTTP and run jobs; web: serve HTTP only; worker: run jobs, answer only probes and /metrics (env OPF_ROLE, default all)',
    )
    .option('-p, --port <port>', 'port to listen on (env PORT, default 8080)')
    .option('--host <host>', 'address to bind (env HOST, default 127.0.0.1)')
    .option(
      '--data-dir <dir>',
      'where the embedded database and repository live (env OPF_DATA_DIR, default ./data)',
    )
    .action(async (flags) => {
      // Loaded here, not at the top: the server, PGlite and the jobs are for this command only.
      const [{ loadServeConfig }, { startOpf }] = await Promise.all([
        import('../../config/index.ts'),
        import('../runtime.ts'),
      ]);
      const config = loadServeConfig(io.env, flags);
      const running = await startOpf(config, {
        level: config.logLevel,
        redact: ['req.headers.authorization', 'req.headers.cookie'],
      });
      io.err(
        // "opf listening on URL" first: scripts and the CLI bench read the address from it.
        `opf listening on ${running.address} (role ${config.role}, ${running.database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL server'})`,
      );
      if (running.seeded)
        io.err('seeded an empty database with clusters, quota tiers, terms and sample requests');
      io.err(
        config.adminTokenSource === 'file'
          ? `admin token: in ${config.adminTokenFile} (export OPF_TOKEN=$(cat ${config.adminTokenFile}))`
          : 'admin token: from OPF_ADMIN_TOKEN',
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      io.err('opf stopping');
      await running.stop();
    });
}
