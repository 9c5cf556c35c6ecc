import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, startOpf } from '../../src/cli/runtime.ts';
import { loadServeConfig } from '../../src/config/index.ts';
import { TELEMETRY_METRICS } from '../../src/core/index.ts';
import { emptyDataDir } from '../support/data-dir.ts';
import { missingPrograms, needsProgram } from '../support/system-programs.ts';
import {
  backfill,
  type RunningPrometheus,
  type SyntheticNamespace,
  startPrometheus,
  writeOpenMetrics,
  writeQuotaFamily,
} from '../telemetry/synthetic.ts';
import { ADMIN_TOKEN, type CliRun, runCli, tempDir } from './helpers.ts';

/**
 * The telemetry commands as the issue's acceptance checks type them, each its own process
 * against a running opf whose OPF_TELEMETRY_SOURCES points at a real Prometheus holding two
 * days of backfilled history: harvest, usage by namespace and by project, export.
 */
const GI = 2 ** 30;
const HOURS = 48;
const start = Date.parse('2026-11-20T00:00:00Z');
const NAMESPACES: SyntheticNamespace[] = [
  {
    // 0.5 cores, and 2 every fourth hour (12 of 48): p95 2. 3Gi flat.
    name: 'cli-alpha',
    cpu: (i) => (i % 4 === 0 ? 2 : 0.5),
    memory: () => 3 * GI,
    quota: { cpu: 4, memory: 16 * GI },
    cpuLimitsUsed: () => 1,
  },
  {
    name: 'cli-beta',
    cpu: () => 0.25,
    memory: () => GI / 2,
    quota: { cpu: 1, memory: 4 * GI },
    cpuLimitsUsed: () => 0.5,
  },
];

const missing = missingPrograms().some((p) => p.name === 'prometheus');
let prometheus: RunningPrometheus;
let running: Running;
let temp: ReturnType<typeof tempDir>;

const opf = (args: string[], token: string | undefined = ADMIN_TOKEN) =>
  runCli(args, { OPF_SERVER: running.address, ...(token && { OPF_TOKEN: token }) }, temp.dir);

function exits(result: CliRun, code: number, errorCode?: string): CliRun {
  expect(result.code, `stdout: ${result.out}\nstderr: ${result.err}`).toBe(code);
  if (errorCode) expect(result.err).toContain(errorCode);
  return result;
}

beforeAll(async () => {
  if (missing) return;
  temp = tempDir('opf-cli-telemetry-');
  await writeOpenMetrics(join(temp.dir, 'main.om'), NAMESPACES, start / 1000, HOURS, 2);
  await writeQuotaFamily(join(temp.dir, 'quota.om'), NAMESPACES, start / 1000, HOURS, 2);
  await backfill([join(temp.dir, 'main.om'), join(temp.dir, 'quota.om')], join(temp.dir, 'tsdb'));
  prometheus = await startPrometheus(join(temp.dir, 'tsdb'));
  emptyDataDir(join(temp.dir, 'data'));
  running = await startOpf(
    loadServeConfig({
      OPF_DATA_DIR: join(temp.dir, 'data'),
      PORT: '0',
      OPF_ADMIN_TOKEN: ADMIN_TOKEN,
      OPF_DEMO_DATA: 'off',
      OPF_TELEMETRY_SOURCES: JSON.stringify([{ cluster: 'moc/smaug', url: prometheus.url }]),
    }),
  );
  // cli-alpha belongs to a project whose accepted terms include telemetry.
  const { db } = running.database;
  await sql`insert into projects (name, display_name, description, contacts, status, team)
    values ('cli-project', 'cli-project', 'test', '[]', 'active', ${JSON.stringify({ name: 'cli-project', owner: 'olive-owner', members: ['olive-owner'] })})`.execute(
    db,
  );
  const request = await sql<{
    id: number;
  }>`insert into requests (project_name, state, spec, created_by)
    values ('cli-project', 'active', '{}', 'olive-owner') returning id`.execute(db);
  const id = request.rows[0]!.id;
  await sql`insert into terms_acceptances (request_id, actor, version, accepted, accepted_at)
    values (${id}, 'olive-owner', '2026-11', ${JSON.stringify(['no-sla', 'telemetry'])}, ${new Date(start - 86_400_000).toISOString()})`.execute(
    db,
  );
  await sql`insert into namespace_claims (name, cluster_id, project_name, request_id, tier, source)
    values ('cli-alpha', 'moc/smaug', 'cli-project', ${id}, 'small', 'request')`.execute(db);
}, 600_000);

afterAll(async () => {
  await running?.stop();
  await prometheus?.stop();
  temp?.remove();
});

describe.skipIf(missing)('opf telemetry and opf usage', needsProgram('prometheus'), () => {
  it('harvest --cluster --from --to waits for the job and exits 0; bad input exits non-zero with a code', async () => {
    const done = exits(
      await opf([
        'telemetry',
        'harvest',
        '--cluster',
        'moc/smaug',
        '--from',
        new Date(start).toISOString(),
        '--to',
        new Date(start + HOURS * 3_600_000).toISOString(),
      ]),
      0,
    );
    expect(done.out).toMatch(/done, 48 hours harvested, 0 hours of gaps, 96 rows/);
    exits(
      await opf([
        'telemetry',
        'harvest',
        '--cluster',
        'moc/nowhere',
        '--from',
        '2026-11-20',
        '--to',
        '2026-11-21',
      ]),
      3,
      'OPF_ERR_TELEMETRY_CLUSTER_UNKNOWN',
    );
    exits(
      await opf([
        'telemetry',
        'harvest',
        '--cluster',
        'moc/smaug',
        '--from',
        'yesterday',
        '--to',
        '2026-11-21',
      ]),
      3,
      'OPF_ERR_TELEMETRY_RANGE_INVALID',
    );
    // Only ops and admins harvest.
    const anonymous = await opf(
      [
        'telemetry',
        'harvest',
        '--cluster',
        'moc/smaug',
        '--from',
        '2026-11-20',
        '--to',
        '2026-11-21',
      ],
      '',
    );
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.err).toMatch(/OPF_ERR_(UNAUTHENTICATED|FORBIDDEN)/);
  });

  it('usage --namespace NS --json: p95, peak and limits in cores and bytes, and the recommended tier', async () => {
    const usage = JSON.parse(
      exits(await opf(['usage', '--namespace', 'cli-alpha', '--json']), 0).out,
    );
    expect(usage).toMatchObject({
      namespace: 'cli-alpha',
      cluster: 'moc/smaug',
      cpu: { limit: 4 },
      memory: { p95: 3 * GI, max: 3 * GI, limit: 16 * GI },
      // 2 × 1.15 = 2.3 cores and 3Gi × 1.15: medium (2 cores) is too small, large fits.
      recommendedTier: 'large',
    });
    expect(usage.cpu.p95).toBeCloseTo(2, 4);
    // A namespace opf knows nothing of is answered as well (the cloud's own).
    const beta = JSON.parse(
      exits(await opf(['usage', '--namespace', 'cli-beta', '--json']), 0).out,
    );
    expect(beta).toMatchObject({
      namespace: 'cli-beta',
      project: null,
      recommendedTier: 'x-small',
    });
    expect(beta.cpu.p95).toBeCloseTo(0.25, 4);
    exits(await opf(['usage', '--namespace', 'nowhere', '--json']), 4, 'OPF_ERR_TELEMETRY_NO_DATA');
  });

  it('usage --project NAME --json: the same for each namespace of the project', async () => {
    const usage = JSON.parse(
      exits(await opf(['usage', '--project', 'cli-project', '--json']), 0).out,
    );
    expect(usage.project).toBe('cli-project');
    expect(usage.namespaces).toHaveLength(1);
    expect(usage.namespaces[0]).toMatchObject({
      namespace: 'cli-alpha',
      memory: { max: 3 * GI },
      recommendedTier: 'large',
    });
    exits(await opf(['usage', '--project', 'no-such-project', '--json']), 4, 'OPF_ERR_NOT_FOUND');
  });

  it('telemetry export --format parquet|csv --out DIR writes files that read back equal to the rollups', async () => {
    const out = join(temp.dir, 'export');
    const args = [
      'telemetry',
      'export',
      '--from',
      '2026-11-20',
      '--to',
      '2026-11-21',
      '--out',
      out,
    ];
    exits(await opf([...args, '--format', 'parquet']), 0);
    exits(await opf([...args, '--format', 'csv']), 0);
    expect(readdirSync(out).sort()).toEqual(
      ['2026-11-20', '2026-11-21'].flatMap((day) =>
        ['card.json', 'csv', 'parquet'].map((ext) => `opf-telemetry-${day}.${ext}`),
      ),
    );
    const stored = await sql<Record<string, unknown>>`
      select h.hour, s.namespace,
        ${sql.raw(TELEMETRY_METRICS.map((m) => `h.${m.column}::float8 as ${m.column}`).join(', '))}
      from telemetry_hourly h join telemetry_series s on s.id = h.series_id
      where h.hour >= '2026-11-20T00:00:00Z' and h.hour < '2026-11-21T00:00:00Z'
      order by h.hour, s.cluster, s.namespace`.execute(running.database.db);
    expect(stored.rows).toHaveLength(48);
    const bytes = readFileSync(join(out, 'opf-telemetry-2026-11-20.parquet'));
    const read = (await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer,
    })) as Record<string, unknown>[];
    const csv = readFileSync(join(out, 'opf-telemetry-2026-11-20.csv'), 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(read).toHaveLength(48);
    expect(csv).toHaveLength(49);
    read.forEach((row, i) => {
      const want = stored.rows[i]!;
      expect((row.hour as Date).getTime()).toBe((want.hour as Date).getTime());
      expect(row.namespace).toBe(want.namespace);
      expect(csv[i + 1]!.split(',')[2]).toBe(want.namespace);
      for (const m of TELEMETRY_METRICS) expect(row[m.name], m.name).toBe(want[m.column]);
    });
    const card = JSON.parse(readFileSync(join(out, 'opf-telemetry-2026-11-20.card.json'), 'utf8'));
    expect(card).toMatchObject({ rows: 48, coverage: { hoursWithData: 24 } });
    exits(await opf([...args, '--format', 'xml']), 3, 'OPF_ERR_VALIDATION');
  });
});
