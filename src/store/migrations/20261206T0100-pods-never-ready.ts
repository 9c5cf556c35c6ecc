import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Pods that never became ready (docs/telemetry.md, `pods_never_ready`): per namespace and
 * hour the count of such pods; per day the pod-hours (their sum, what the report's worst day
 * ranks) and the worst hour's count. Rows harvested before have null: not measured then.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    alter table telemetry_hourly add column pods_never_ready real;
    alter table telemetry_daily add column pods_never_ready real, add column pods_never_ready_max real;
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    alter table telemetry_daily drop column pods_never_ready, drop column pods_never_ready_max;
    alter table telemetry_hourly drop column pods_never_ready;
  `,
  );
}
