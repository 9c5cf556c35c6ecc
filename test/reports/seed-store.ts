/**
 * The fixed week (fixture.ts) written into a database the way opf records it: projects and
 * namespace claims, telemetry series with hourly rows and harvested hours, incidents with
 * alerts, notices with answers, and peers of the same tiers in other projects. The report
 * read back from the store must be the report built from the snapshot.
 */
import { sql } from 'kysely';
import { SEED_TERMS, TELEMETRY_METRICS } from '../../src/core/index.ts';
import type { ReportHour } from '../../src/reports/index.ts';
import {
  type Db,
  ensureHourlyPartitions,
  insertImportedClaim,
  insertImportedProject,
  markTelemetryHours,
  telemetryTermsId,
  upsertTelemetrySeries,
  writeHourlyRows,
} from '../../src/store/index.ts';
import { FROM, fixedSnapshot, TO } from './fixture.ts';

const COLUMN: Record<string, keyof ReportHour> = {
  cpu_used: 'cpu',
  memory_used: 'memory',
  quota_cpu: 'quotaCpu',
  quota_memory: 'quotaMemory',
  storage_used: 'storageUsed',
  quota_storage: 'quotaStorage',
  restarts: 'restarts',
  oom_kills: 'oomKills',
  pods_never_ready: 'podsNeverReady',
  quota_used_ratio: 'quotaUsedRatio',
};

const team = (owner: string) => ({ name: owner, owner, members: [owner] });

export async function seedFixedWeek(db: Db): Promise<void> {
  const snapshot = fixedSnapshot();
  await db.transaction().execute(async (tx) => {
    const t = { tx };
    await insertImportedProject(t, {
      name: 'aurora',
      displayName: 'Aurora',
      description: 'The fixed week of the report tests.',
      team: team('aurora-dev-lead'),
    });
    const consent = await telemetryTermsId(t, SEED_TERMS.version, true);
    await ensureHourlyPartitions(t, new Date(FROM), new Date(TO));
    for (const ns of snapshot.namespaces) {
      await insertImportedClaim(t, {
        name: ns.namespace,
        clusterId: ns.cluster,
        projectName: 'aurora',
        tier: ns.tier,
      });
      const ids = await upsertTelemetrySeries(t, ns.cluster, [
        { namespace: ns.namespace, project: 'aurora' },
      ]);
      await writeHourlyRows(
        t,
        ns.hours.map((h) => ({
          seriesId: ids.get(ns.namespace)!,
          hour: new Date(h.hour),
          consent,
          values: TELEMETRY_METRICS.map((m) => {
            const key = COLUMN[m.name];
            return key ? (h[key] as number | null) : null;
          }),
        })),
      );
    }
    for (const c of snapshot.harvested)
      await markTelemetryHours(
        t,
        c.cluster,
        c.hours.map((h) => new Date(h)),
        { state: 'done', source: 'test' },
      );
    // The peers: one namespace of another project per figure, one hour each at that figure.
    let peer = 0;
    for (const tier of snapshot.peers) {
      for (const [i, cpu] of tier.cpuP95.entries()) {
        peer += 1;
        const name = `peer-${peer}`;
        await insertImportedProject(t, {
          name,
          displayName: name,
          description: 'A peer.',
          team: team(`${name}-lead`),
        });
        await insertImportedClaim(t, {
          name,
          clusterId: 'moc/smaug',
          projectName: name,
          tier: tier.tier,
        });
        const ids = await upsertTelemetrySeries(t, 'moc/smaug', [
          { namespace: name, project: name },
        ]);
        await writeHourlyRows(t, [
          {
            seriesId: ids.get(name)!,
            hour: new Date('2026-11-02T00:00:00Z'),
            consent,
            values: TELEMETRY_METRICS.map((m) =>
              m.name === 'cpu_used' ? cpu : m.name === 'memory_used' ? tier.memoryMax[i]! : null,
            ),
          },
        ]);
      }
    }
    for (const i of snapshot.incidents) {
      await sql`insert into incidents (id, source, title, severity, status, clusters, started_at, resolved_at, created_by)
        overriding system value values (${i.id}, 'declared', ${i.title}, ${i.severity},
        ${i.resolvedAt ? 'resolved' : 'open'}, ${JSON.stringify(i.clusters)}::jsonb, ${i.startedAt}::timestamptz,
        ${i.resolvedAt}::timestamptz, 'ops-alice')`.execute(tx);
      await sql`insert into incident_projects (incident_id, project_name) values (${i.id}, 'aurora')`.execute(
        tx,
      );
      for (const [n, alertname] of i.alerts.entries())
        await sql`insert into incident_alerts (incident_id, fingerprint, alertname, namespace, labels, annotations, status, starts_at)
          values (${i.id}, ${`fp-${i.id}-${n}`}, ${alertname}, 'aurora-prod', '{}'::jsonb, '{}'::jsonb, 'firing', ${i.startedAt}::timestamptz)`.execute(
          tx,
        );
    }
    for (const n of snapshot.notices) {
      await sql`insert into notices (id, kind, title, body, respond_by, posted_by, posted_at, closed_at)
        overriding system value values (${n.id}, 'maintenance', ${n.title}, 'Read me.',
        ${n.respondBy}::timestamptz, 'ops-alice', ${n.postedAt}::timestamptz, ${n.closedAt}::timestamptz)`.execute(
        tx,
      );
      await sql`insert into notice_recipients (notice_id, project_name, acknowledged_by, acknowledged_at)
        values (${n.id}, 'aurora', ${n.acknowledgedAt ? 'aurora-dev-lead' : null}, ${n.acknowledgedAt}::timestamptz)`.execute(
        tx,
      );
    }
  });
}

/** A request of the fixed week: submitted on the 1st, activated on the 4th at noon (3.5 days). */
export async function seedActivation(db: Db): Promise<void> {
  await sql`insert into requests (project_name, state, spec, created_by, submitted_at)
    values ('aurora', 'active', '{}'::jsonb, 'aurora-dev-lead', '2026-11-01T00:00:00Z')`.execute(
    db,
  );
  await sql`insert into audit_events (actor, action, subject_type, subject_id, visibility, at)
    select 'ops-alice', 'request.activate', 'request', id::text, 'public', '2026-11-04T12:00:00Z'::timestamptz
    from requests where project_name = 'aurora'`.execute(db);
}
