import { TELEMETRY_METRICS } from '../core/index.ts';
import {
  type Db,
  telemetryExportRows,
  telemetryExportSeries,
  telemetryPublishableTerms,
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
/** timestamptz's binary form counts microseconds from 2000-01-01 UTC. */
const POSTGRES_EPOCH_MS = 946_684_800_000;
const METRICS = TELEMETRY_METRICS.length;

/**
 * A dataset's Parquet file, streamed (docs/adr/0029-export-by-copy.md): the rows of the window
 * read page by page (whole hours a page, so no offset and no cursor held open between pages)
 * by binary COPY, straight into column buffers, each page one row group. The next page is
 * read while this one is encoded (on a server by another connection, parsed as it arrives).
 * The names behind the ids (clusters, namespaces after pseudonymisation, projects, terms) are
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
    telemetryPublishableTerms({ tx: db }),
    publishedNamespaces(db),
  ]);
  const dictionaries = dictionariesOf(series, terms, publish);
  const writer = new ParquetWriter(PARQUET_COLUMNS, metadata, 'opf telemetry');
  yield writer.start();
  const hoursPerPage = Math.max(1, Math.floor(pageRows / Math.max(1, series.length)));
  const windows: { from: number; to: number }[] = [];
  // Pages start on the hour: a row's hour is then a whole number of hours into its page.
  const first = Math.ceil(window.from.getTime() / HOUR_MS) * HOUR_MS;
  for (let t = first; t < window.to.getTime(); t += hoursPerPage * HOUR_MS)
    windows.push({ from: t, to: Math.min(t + hoursPerPage * HOUR_MS, window.to.getTime()) });
  const read = (i: number) => {
    const page = readPage(db, windows[i]!, dictionaries);
    // Awaited below; this only keeps a read left behind by a consumer that stopped early quiet.
    page.catch(() => undefined);
    return page;
  };
  let next = windows.length > 0 ? read(0) : undefined;
  for (let i = 0; i < windows.length; i++) {
    const page = await next!;
    next = i + 1 < windows.length ? read(i + 1) : undefined;
    if (page.rows > 0) yield* writer.rowGroup(page.rows, columnsOf(page, dictionaries));
  }
  yield writer.finish();
}

interface Dictionaries {
  /** A series' place in the datasets' order (cluster, namespace), by id; -1: not published. */
  rank: Int32Array;
  series: number;
  /** By consent id: 1 when its hours may be published (0, the cloud's own, always). */
  publishable: Uint8Array;
  cluster: { dictionary: string[]; byRank: Int32Array };
  namespace: { dictionary: string[]; byRank: Int32Array };
  project: { dictionary: string[]; byRank: Int32Array };
  terms: { dictionary: string[]; byId: Int32Array };
}

function dictionary(size: number) {
  const entries = new Map<string, number>();
  const dictionary: string[] = [];
  const indices = new Int32Array(size).fill(-1);
  const set = (at: number, text: string | null) => {
    if (text === null) return;
    let index = entries.get(text);
    if (index === undefined) {
      index = dictionary.length;
      entries.set(text, index);
      dictionary.push(text);
    }
    indices[at] = index;
  };
  return { dictionary, indices, set };
}

function dictionariesOf(
  series: readonly { id: number; cluster: string; namespace: string; project: string | null }[],
  terms: ReadonlyMap<number, string>,
  publish: (namespace: string) => string,
): Dictionaries {
  const maxSeries = series.reduce((max, s) => Math.max(max, s.id), 0);
  const rank = new Int32Array(maxSeries + 1).fill(-1);
  const cluster = dictionary(series.length);
  const namespace = dictionary(series.length);
  const project = dictionary(series.length);
  series.forEach((s, index) => {
    rank[s.id] = index;
    cluster.set(index, s.cluster);
    namespace.set(index, publish(s.namespace));
    project.set(index, s.project);
  });
  const maxTerms = Math.max(0, ...terms.keys());
  const publishable = new Uint8Array(maxTerms + 1);
  publishable[0] = 1;
  // Consent 0 (the cloud's own namespaces) has no terms: null.
  const version = dictionary(maxTerms + 1);
  for (const [id, text] of terms)
    if (id > 0) {
      publishable[id] = 1;
      version.set(id, text);
    }
  const byRank = (d: ReturnType<typeof dictionary>) => ({
    dictionary: d.dictionary,
    byRank: d.indices,
  });
  return {
    rank,
    series: series.length,
    publishable,
    cluster: byRank(cluster),
    namespace: byRank(namespace),
    project: byRank(project),
    terms: { dictionary: version.dictionary, byId: version.indices },
  };
}

/**
 * One page's published rows, placed as they arrive at their slot (hour of the page × rank of
 * the series): the slots in order are the datasets' order, so no sort is needed, and a slot
 * taken twice or out of the page's hours is an error, not a silently doubled row.
 */
interface Page {
  from: number;
  rows: number;
  filled: Uint8Array;
  consent: Int16Array;
  metrics: Float32Array[];
}

async function readPage(
  db: Db,
  window: { from: number; to: number },
  d: Dictionaries,
): Promise<Page> {
  const hours = Math.ceil((window.to - window.from) / HOUR_MS);
  const capacity = hours * d.series;
  const page: Page = {
    from: window.from,
    rows: 0,
    filled: new Uint8Array(capacity),
    consent: new Int16Array(capacity),
    metrics: Array.from({ length: METRICS }, () => new Float32Array(capacity)),
  };
  const { rank, publishable, series } = d;
  const { filled, consent, metrics } = page;
  const from = window.from;
  await telemetryExportRows(
    db,
    { from: new Date(window.from), to: new Date(window.to) },
    (view, at) => {
      const id = view.getInt32(at[0]!);
      // Sample data, or a series harvested since the dictionaries were read: not published.
      const r = id < rank.length ? rank[id]! : -1;
      if (r < 0) return;
      const c = view.getInt16(at[2]!);
      if (publishable[c] !== 1) return;
      const micros = view.getInt32(at[1]!) * 4294967296 + view.getUint32(at[1]! + 4);
      const hour = (micros / 1000 + POSTGRES_EPOCH_MS - from) / HOUR_MS;
      if (!(hour >= 0 && hour < hours && Number.isInteger(hour)))
        throw new Error('an export row outside its page or not on the hour');
      const slot = hour * series + r;
      if (filled[slot] === 1) throw new Error('an export page holds a row twice');
      filled[slot] = 1;
      consent[slot] = c;
      for (let m = 0; m < METRICS; m++) {
        const o = at[3 + m]!;
        metrics[m]![slot] = o < 0 ? Number.NaN : view.getFloat32(o);
      }
      page.rows++;
    },
  );
  return page;
}

/** A page's slots as the writer's columns, in the datasets' order. */
function columnsOf(page: Page, d: Dictionaries): ColumnValues[] {
  const rows = page.rows;
  const order = new Int32Array(rows);
  let at = 0;
  for (let slot = 0; slot < page.filled.length; slot++)
    if (page.filled[slot] === 1) order[at++] = slot;
  const words = new Uint32Array(rows * 2);
  const cluster = new Int32Array(rows);
  const namespace = new Int32Array(rows);
  const project = new Int32Array(rows);
  const terms = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const slot = order[i]!;
    const hour = Math.floor(slot / d.series);
    const rank = slot - hour * d.series;
    const ms = page.from + hour * HOUR_MS;
    words[2 * i] = ms >>> 0;
    words[2 * i + 1] = Math.floor(ms / 4294967296);
    cluster[i] = d.cluster.byRank[rank]!;
    namespace[i] = d.namespace.byRank[rank]!;
    project[i] = d.project.byRank[rank]!;
    terms[i] = d.terms.byId[page.consent[slot]!] ?? -1;
  }
  return [
    { kind: 'timestamp', int64le: new Uint8Array(words.buffer) },
    { kind: 'string', dictionary: d.cluster.dictionary, indices: cluster },
    { kind: 'string', dictionary: d.namespace.dictionary, indices: namespace },
    { kind: 'string', dictionary: d.project.dictionary, indices: project },
    { kind: 'string', dictionary: d.terms.dictionary, indices: terms },
    ...page.metrics.map((source): ColumnValues => {
      const values = new Float32Array(rows);
      for (let i = 0; i < rows; i++) values[i] = source[order[i]!]!;
      return { kind: 'float', values };
    }),
  ];
}
