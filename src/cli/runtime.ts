import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { communityJobs } from '../community/index.ts';
import type { ServeConfig } from '../config/index.ts';
import { engagementJobs, scheduleSweep } from '../engagement/index.ts';
import { incidentJobs, incidentResponseSource } from '../incidents/index.ts';
import { JobRunner } from '../jobs/index.ts';
import {
  ADOPT_JOB,
  deliveryTargetFor,
  operatorInstaller,
  planPreviewer,
  provisioningJobs,
} from '../provisioning/index.ts';
import { reportJobs, scheduleMonthlyReports } from '../reports/index.ts';
import { seedDemoData } from '../seed/index.ts';
import {
  bridgeChangesOverPostgres,
  buildApp,
  buildProbeApp,
  ChangeSignal,
  jobFailureCounter,
} from '../server/index.ts';
import { type Database, enqueueJob, openDatabase, remoteTurns } from '../store/index.ts';
import { scheduleTelemetryTick, telemetryJobs } from '../telemetry/index.ts';

/**
 * The longest a delivery waits for another replica's turn on the remote before it goes
 * ahead anyway (racing, as without turns): a turn lasts a second or so; one this long is
 * held by a stalled or stopped process.
 */
const REMOTE_TURN_WAIT_MS = 15_000;

export interface Running {
  app: FastifyInstance;
  database: Database;
  runner: JobRunner;
  address: string;
  seeded: boolean;
  stop(): Promise<void>;
}

/**
 * Start opf: open (and migrate) the database, seed an empty one, serve HTTP and run jobs.
 * The embedded default keeps PGlite under <dataDir>/pglite; DATABASE_URL uses a server.
 * `config.role` splits the two: a `web` process runs no job, a `worker` process serves only
 * the probes and /metrics (docs/deploy.md runs them as two Deployments).
 */
export async function startOpf(
  config: ServeConfig,
  logger: boolean | object = false,
): Promise<Running> {
  const embedded = config.databaseUrl === undefined;
  const database = await openDatabase(
    embedded
      ? { kind: 'pglite', dataDir: join(config.dataDir, 'pglite') }
      : { kind: 'postgres', url: config.databaseUrl! },
  );
  const ctx = { db: database.db, publicUrl: config.publicUrl };
  const wantSamples = config.demoData === 'on' || (config.demoData === 'auto' && embedded);
  const seeded = await seedDemoData(ctx, { samples: wantSamples });
  // Anonymous reads are cached until anything is written, here or by another replica.
  const changes = new ChangeSignal();
  const stopBridge = embedded
    ? async () => {}
    : await bridgeChangesOverPostgres(config.databaseUrl!, changes);
  const target = await deliveryTargetFor(ctx, config.gitops, config.dataDir);
  // Replicas sharing a server take turns on the remote (store/remote-turns.ts); one PGlite
  // process has one runner, which delivers one job at a time already.
  if (database.kind === 'postgres')
    target.takeTurn = remoteTurns(database.db, target.remote, REMOTE_TURN_WAIT_MS);
  const settings = { target, publicUrl: config.publicUrl, mergePollMs: 60_000 };
  const jobFailures = jobFailureCounter();
  const incidentResponses = incidentResponseSource(database.db);
  const app =
    config.role === 'worker'
      ? await buildProbeApp(
          { db: database.db, databaseKind: database.kind, processMetrics: [jobFailures] },
          { logger },
        )
      : await buildApp(
          {
            db: database.db,
            databaseKind: database.kind,
            publicUrl: config.publicUrl,
            cloudName: config.cloudName,
            adminToken: config.adminToken,
            identity: {
              config: config.identity,
              demoSignIn: config.demoSignIn,
            },
            changes,
            planPreview: planPreviewer(ctx, settings),
            incidents: {
              ...(config.incidents.alertmanagerToken && {
                alertmanagerToken: config.incidents.alertmanagerToken,
              }),
              mirror: config.incidents.github !== undefined,
            },
            // Time to respond: incidents linked to a project and its team's acknowledgements.
            engagement: { settings: config.engagement, incidents: incidentResponses },
            installOperator: operatorInstaller(ctx, settings),
            processMetrics: [jobFailures],
            mailConfigured: config.community.smtp !== undefined,
            telemetry: config.telemetry,
          },
          { logger, trustProxy: config.trustProxy },
        );
  const log = typeof logger === 'object' ? app.log : undefined;
  const runner = new JobRunner({
    db: database.db,
    handlers: {
      ...provisioningJobs(ctx, settings),
      ...communityJobs(ctx, config.community),
      ...incidentJobs({ ...ctx, mirror: config.incidents.github !== undefined }, config.incidents),
      ...engagementJobs({ ...ctx, settings: config.engagement, incidents: incidentResponses }),
      ...telemetryJobs(database.db, config.telemetry),
      ...reportJobs({
        db: database.db,
        publicUrl: ctx.publicUrl,
        margin: config.telemetry.margin,
        // The monthly message goes to the team: hours withheld from publication stay out.
        includeWithheld: false,
        engagement: { ...ctx, settings: config.engagement, incidents: incidentResponses },
      }),
    },
    maxAttempts: config.community.maxAttempts,
    leaseMs: config.jobLeaseMs,
    pollMs: 500,
    onDone: () => changes.changed(),
    onError: (job, error) => {
      jobFailures.inc({ kind: job.kind });
      // A failing job may have written part of its work (a comment, a state).
      changes.changed();
      log?.warn(
        { job: job.id, kind: job.kind, attempt: job.attempts, err: error },
        'job failed; it will be retried',
      );
    },
    onStale: (job, outcome) =>
      log?.warn(
        { job: job.id, kind: job.kind, attempt: job.attempts, outcome },
        'job result discarded: its lease ran out and another worker took the job',
      ),
  });
  // Learn what the repository already holds (an adopted cloud), in the background: once
  // per start, but one queued at a time however many replicas start or restart together.
  await enqueueJob({ tx: database.db }, { kind: ADOPT_JOB, payload: {}, openKey: ADOPT_JOB });
  // Notice reminders and offboarding proposals for inactive projects, hourly (one job per
  // hour whatever the number of replicas: docs/engagement.md).
  await scheduleSweep(database.db, new Date());
  // The hourly telemetry harvest (one tick per hour across replicas and restarts).
  await scheduleTelemetryTick(database.db, config.telemetry);
  // Last month's report to each team, on the 1st (one run a month across replicas).
  await scheduleMonthlyReports({ db: database.db }, new Date());
  const address = await app.listen({ port: config.port, host: config.host });
  if (config.role !== 'web') runner.start();
  return {
    app,
    database,
    runner,
    address,
    seeded,
    stop: async () => {
      // Take no new job and no new connection; the job in hand and open requests finish.
      await Promise.all([runner.stop(), app.close()]);
      await stopBridge();
      await database.close();
    },
  };
}

export function dataDirHasDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, 'pglite', 'PG_VERSION'));
}
