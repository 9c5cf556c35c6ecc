import { TELEMETRY_METRICS } from '../core/index.ts';
import {
  type Db,
  type ExportPage,
  telemetryExportPage,
  telemetryExportSeries,
  telemetryExportTerms,
} from '../store/index.ts';
import { publishedNamespaces } from './datasets.ts';
import { HOUR_MS } from './hours.ts';
import { type ColumnSpec, type ColumnValues, ParquetWriter } from './parquet/writer.ts';

/** The Parquet columns of a dataset, in DATASET_FIELDS order. */
export const PARQUET_COLUMNS: readonly ColumnSpec[] = [
  { name: 'hour', kind: 'timestamp' },
  { name: 'cluster', kind: 'string', optional: false },
  { name: 'namespace', kind: 'string', optional: false },
  { name: 'project', kind: 'string', optional: true },
  { name: 'terms_version', kind: 'string', optional: true },
  ...TELEMETRY_METRICS.map((m) => ({ name: m.name, kind: 'float' as const })),
];

/** Rows a page (and a row group) aims at: big enough that per-page costs vanish. */
const PAGE_ROWS = 65_536;
/** timestamptz_send counts from 2000-01-01 UTC. */
const POSTGRES_EPOCH_MS = 946_684_800_000;

/**
 * A dataset's Parquet file, streamed: the rows of the window read page by page (whole hours a
 * page, so no offset and no cursor held open between pages), each page one row group. The
 * names behind the ids (clusters, namespaces after pseudonymisation, projects, terms) are
 * looked up once, as dictionaries.
 */
export async function* datasetParquet(
  db: Db,
  window: { from: Date; to: Date },
  metadata: Record<string, string>,
  { pageRows = PAGE_ROWS }: { pageRows?: number } = {},
): AsyncGenerator<Uint8Array> {
  const [series, terms, publish] = await Promise.all([
    telemetryExportSeries({ tx: db }),
    telemetryExportTerms({ tx: db }),
    publishedNamespaces(db),
  ]);
  const dictionaries = dictionariesOf(series, terms, publish);
  const writer = new ParquetWriter(PARQUET_COLUMNS, metadata, 'opf telemetry');
  yield writer.start();
  const hoursPerPage = Math.max(1, Math.floor(pageRows / Math.max(1, series.length)));
  for (let t = window.from.getTime(); t < window.to.getTime(); t += hoursPerPage * HOUR_MS) {
    const to = Math.min(t + hoursPerPage * HOUR_MS, window.to.getTime());
    const page = await telemetryExportPage({ tx: db }, { from: new Date(t), to: new Date(to) });
    if (page.rows === 0) continue;
    if (page.hours.byteLength !== page.rows * 8 || page.series.byteLength !== page.rows * 4)
      throw new Error('an export page came back with columns of the wrong length');
    const order = inDatasetOrder(page, t, (to - t) / HOUR_MS, dictionaries.rank);
    yield* writer.rowGroup(page.rows, columnsOf(page, order, dictionaries));
  }
  yield writer.finish();
}

interface Dictionaries {
  /** A series' place in the datasets' order (cluster, namespace). */
  rank: Int32Array;
  cluster: { dictionary: string[]; byId: Int32Array };
  namespace: { dictionary: string[]; byId: Int32Array };
  project: { dictionary: string[]; byId: Int32Array };
  terms: { dictionary: string[]; byId: Int32Array };
}

function dictionariesOf(
  series: readonly { id: number; cluster: string; namespace: string; project: string | null }[],
  terms: ReadonlyMap<number, string>,
  publish: (namespace: string) => string,
): Dictionaries {
  const maxSeries = series.reduce((max, s) => Math.max(max, s.id), 0);
  const build = (size: number) => {
    const entries = new Map<string, number>();
    const dictionary: string[] = [];
    const byId = new Int32Array(size + 1).fill(-1);
    const set = (id: number, text: string | null) => {
      if (text === null) return;
      let index = entries.get(text);
      if (index === undefined) {
        index = dictionary.length;
        entries.set(text, index);
        dictionary.push(text);
      }
      byId[id] = index;
    };
    return { dictionary, byId, set };
  };
  const cluster = build(maxSeries);
  const namespace = build(maxSeries);
  const project = build(maxSeries);
  const rank = new Int32Array(maxSeries + 1).fill(-1);
  series.forEach((s, index) => {
    rank[s.id] = index;
  });
  for (const s of series) {
    cluster.set(s.id, s.cluster);
    namespace.set(s.id, publish(s.namespace));
    project.set(s.id, s.project);
  }
  // Consent 0 (the cloud's own namespaces) has no terms: null.
  const version = build(Math.max(0, ...terms.keys()));
  for (const [id, text] of terms) if (id > 0) version.set(id, text);
  return { rank, cluster, namespace, project, terms: version };
}

/**
 * The order of the page's rows by hour, then cluster and namespace: a counting sort on
 * (hour of the page, rank of the series), unique per row (the table's primary key). Linear, where PostgreSQL's sort on text was the page's largest cost.
 */
function inDatasetOrder(
  page: ExportPage,
  from: number,
  hours: number,
  rank: Int32Array,
): Int32Array {
  const rows = page.rows;
  const seriesCount = rank.reduce((max, r) => Math.max(max, r + 1), 0);
  const ids = new DataView(page.series.buffer, page.series.byteOffset, page.series.byteLength);
  const times = new DataView(page.hours.buffer, page.hours.byteOffset, page.hours.byteLength);
  const slot = new Int32Array(hours * seriesCount).fill(-1);
  for (let i = 0; i < rows; i++) {
    const ms = microsAt(times, i) / 1000 + POSTGRES_EPOCH_MS;
    const key = ((ms - from) / HOUR_MS) * seriesCount + rank[ids.getInt32(i * 4)]!;
    slot[key] = i;
  }
  const order = new Int32Array(rows);
  let at = 0;
  for (const i of slot) if (i >= 0) order[at++] = i;
  if (at !== rows) throw new Error('an export page holds rows outside its hours or series');
  return order;
}

const microsAt = (view: DataView, i: number) =>
  view.getInt32(i * 8) * 4294967296 + view.getUint32(i * 8 + 4);

/** A page's byte strings as the writer's columns, in `order`: ids mapped, big-endian turned little. */
function columnsOf(page: ExportPage, order: Int32Array, d: Dictionaries): ColumnValues[] {
  const rows = page.rows;
  const hours = new DataView(page.hours.buffer, page.hours.byteOffset, page.hours.byteLength);
  const ids = new DataView(page.series.buffer, page.series.byteOffset, page.series.byteLength);
  const consent = new DataView(
    page.consent.buffer,
    page.consent.byteOffset,
    page.consent.byteLength,
  );
  const words = new Uint32Array(rows * 2);
  const cluster = new Int32Array(rows);
  const namespace = new Int32Array(rows);
  const project = new Int32Array(rows);
  const terms = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const from = order[i]!;
    const ms = microsAt(hours, from) / 1000 + POSTGRES_EPOCH_MS;
    words[2 * i] = ms >>> 0;
    words[2 * i + 1] = Math.floor(ms / 4294967296);
    const id = ids.getInt32(from * 4);
    cluster[i] = d.cluster.byId[id]!;
    namespace[i] = d.namespace.byId[id]!;
    project[i] = d.project.byId[id]!;
    terms[i] = d.terms.byId[consent.getInt16(from * 2)] ?? -1;
  }
  return [
    { kind: 'timestamp', int64le: new Uint8Array(words.buffer) },
    { kind: 'string', dictionary: d.cluster.dictionary, indices: cluster },
    { kind: 'string', dictionary: d.namespace.dictionary, indices: namespace },
    { kind: 'string', dictionary: d.project.dictionary, indices: project },
    { kind: 'string', dictionary: d.terms.dictionary, indices: terms },
    ...page.metrics.map((bytes): ColumnValues => {
      if (bytes.byteLength !== rows * 4)
        throw new Error('an export page came back with columns of the wrong length');
      // A copy in a buffer of its own (aligned for the Float32Array), swapped in place natively.
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      Buffer.from(copy.buffer).swap32();
      const source = new Float32Array(copy.buffer);
      const values = new Float32Array(rows);
      for (let i = 0; i < rows; i++) values[i] = source[order[i]!]!;
      return { kind: 'float', values };
    }),
  ];
}
