import {
  parseQuantity,
  REFERENCE_QUOTA_TIERS,
  SEED_TERMS,
  TELEMETRY_METRICS,
} from '../core/index.ts';
import {
  ensureHourlyPartitions,
  type HourlyRow,
  insertImportedClaim,
  insertImportedProject,
  markSampleSeries,
  markTelemetryHours,
  rollupTelemetryDays,
  type Tx,
  telemetryTermsId,
  upsertTelemetrySeries,
  writeHourlyRows,
} from '../store/index.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const MI = 2 ** 20;

/**
 * A month of sample usage for the demo project's namespaces, so the usage pages show
 * something at first start. Marked as sample in the database (telemetry_series.sample) and
 * in every view; never published in the open datasets. A daily rhythm with a weekly one on
 * top, deterministic, so every demo looks the same.
 */
export async function seedSampleTelemetry(
  tx: Tx,
  demo: {
    project: string;
    cluster: string;
    namespaces: { name: string; tier: string; scale: number }[];
  },
  now = new Date(),
): Promise<void> {
  const end = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  const start = new Date(end.getTime() - 30 * DAY);
  const ids = await upsertTelemetrySeries(
    { tx },
    demo.cluster,
    demo.namespaces.map((ns) => ({ namespace: ns.name, project: demo.project })),
  );
  await markSampleSeries({ tx }, [...ids.values()]);
  const consent = await telemetryTermsId({ tx }, SEED_TERMS.version, true);
  await ensureHourlyPartitions({ tx }, start, end);
  const rows: HourlyRow[] = [];
  const column = (name: string) => TELEMETRY_METRICS.findIndex((m) => m.name === name);
  for (const ns of demo.namespaces) {
    const quota = REFERENCE_QUOTA_TIERS.find((t) => t.name === ns.tier)!.quota;
    const quotaCpu = parseQuantity(quota.cpu!);
    const quotaMemory = parseQuantity(quota.memory!);
    for (let t = start.getTime(); t < end.getTime(); t += HOUR) {
      const hour = new Date(t);
      const day = Math.sin(((hour.getUTCHours() - 8) / 24) * 2 * Math.PI) * 0.5 + 0.5;
      const week = hour.getUTCDay() === 0 || hour.getUTCDay() === 6 ? 0.6 : 1;
      const jitter = (Math.sin(t / 7_777_777) + 1) / 8;
      const cpu = round(ns.scale * (0.15 + 0.75 * day * week + jitter), 3);
      const memory = Math.round((ns.scale * (700 + 500 * day * week) + 100 * jitter) * MI);
      const values: (number | null)[] = new Array(TELEMETRY_METRICS.length).fill(null);
      const set = (name: string, value: number) => {
        values[column(name)] = value;
      };
      set('cpu_used', cpu);
      set('memory_used', memory);
      set('cpu_requests', ns.scale * 0.5);
      set('cpu_limits', ns.scale * 1);
      set('memory_requests', ns.scale * 1024 * MI);
      set('memory_limits', ns.scale * 2048 * MI);
      set('quota_cpu', quotaCpu);
      set('quota_memory', quotaMemory);
      set('quota_storage', parseQuantity(quota.storage!));
      set('storage_requested', 5 * 1024 * MI);
      set('storage_used', Math.round((1024 + (t - start.getTime()) / DAY) * MI));
      set('pods', 3);
      set('quota_pods', 20);
      set('restarts', hour.getUTCHours() === 3 && hour.getUTCDate() % 7 === 0 ? 1 : 0);
      set('oom_kills', 0);
      // A rollout stuck for two hours now and then, so the report has a finding to show.
      set('pods_never_ready', hour.getUTCHours() < 2 && hour.getUTCDate() % 10 === 4 ? 1 : 0);
      set('network_rx', Math.round(cpu * 40 * MI));
      set('network_tx', Math.round(cpu * 25 * MI));
      set('quota_used_ratio', round((ns.scale * 1) / quotaCpu, 3));
      rows.push({ seriesId: ids.get(ns.name)!, hour, consent, values });
    }
  }
  await writeHourlyRows({ tx }, rows);
  const hours: Date[] = [];
  for (let t = start.getTime(); t < end.getTime(); t += HOUR) hours.push(new Date(t));
  await markTelemetryHours({ tx }, demo.cluster, hours, { state: 'done', source: 'sample' });
  await rollupTelemetryDays(
    { tx },
    demo.cluster,
    new Date(start.getTime() - (start.getTime() % DAY)),
    new Date(end.getTime() + DAY),
  );
}

export const DEMO_PROJECT = {
  project: 'telemetry-demo',
  cluster: 'moc/smaug',
  namespaces: [
    { name: 'telemetry-demo-dev', tier: 'medium', scale: 0.4 },
    { name: 'telemetry-demo-prod', tier: 'medium', scale: 1.4 },
  ],
};

/**
 * The active demo project: recorded as adopted from the GitOps repository (no request to
 * review), with its two namespaces and a month of sample usage.
 */
export async function seedDemoProject(tx: Tx, now = new Date()): Promise<void> {
  await insertImportedProject(
    { tx },
    {
      name: DEMO_PROJECT.project,
      displayName: 'Telemetry demo (sample usage data)',
      description:
        'A demo project whose usage pages show a month of sample data (not harvested), so opf shows usage against quota at first start.',
      team: { name: DEMO_PROJECT.project, owner: 'octo-dev', members: ['octo-dev'] },
    },
  );
  for (const ns of DEMO_PROJECT.namespaces)
    await insertImportedClaim(
      { tx },
      {
        name: ns.name,
        clusterId: DEMO_PROJECT.cluster,
        projectName: DEMO_PROJECT.project,
        tier: ns.tier,
      },
    );
  await seedSampleTelemetry(tx, DEMO_PROJECT, now);
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
