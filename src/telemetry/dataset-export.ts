import { createHash } from 'node:crypto';
import { TELEMETRY_METRICS } from '../core/index.ts';
import {
  currentTelemetryDayParts,
  type DayPartHead,
  type Db,
  readTelemetryDayPart,
  storeTelemetryDayPart,
  telemetryDayVersions,
  telemetryExportRows,
  telemetryExportSeries,
  telemetryPublishableTerms,
} from '../store/index.ts';
import { publishedNamespaces } from './datasets.ts';
import { DAY_MS, HOUR_MS } from './hours.ts';
import {
  type ColumnSpec,
  type ColumnValues,
  type EncodedRowGroup,
  ParquetWriter,
} from './parquet/writer.ts';

/** The Parquet columns of a dataset, in DATASET_FIELDS order. */
export const PARQUET_COLUMNS: readonly ColumnSpec[] = [
  { name: 'hour', kind: 'timestamp' },
  { name: 'cluster', kind: 'string', optional: false },
  { name: 'namespace', kind: 'string', optional: false },
  { name: 'project', kind: 'string', optional: true },
  { name: 'terms_version', kind: 'string', optional: true },
  ...TELEMETRY_METRICS.map((m) => ({ name: m.name, kind: 'float' as const })),
];

/** timestamptz's binary form counts microseconds from 2000-01-01 UTC. */
const POSTGRES_EPOCH_MS = 946_684_800_000;
const METRICS = TELEMETRY_METRICS.length;
/**
 * The layout of stored day parts (docs/adr/0032-published-day-parts.md): a part made by
 * another layout of the writer or the columns is stale. Raise it with any change to either.
 */
export const DAY_PART_FORMAT = 1;

/**
 * A dataset's Parquet file, streamed: one row group per UTC day of the window (the window's
 * edges cut the first and last day). A whole day whose stored part is current (its rows and the
 * names they are published under unchanged since it was written, docs/adr/0032) is copied byte
 * for byte under the new footer; any other day is read now (docs/adr/0029-export-by-copy.md):
 * its rows by binary COPY straight into column buffers, then encoded. Either way the next day is
 * read while this one is written out. `hoursPerRowGroup` below 24 cuts days finer (tests);
 * stored parts are then not used, nor with `storedParts: false` (the benchmark's comparison).
 */
export async function* datasetParquet(
  db: Db,
  window: { from: Date; to: Date },
  metadata: Record<string, string>,
  {
    hoursPerRowGroup = 24,
    storedParts = true,
  }: { hoursPerRowGroup?: number; storedParts?: boolean } = {},
): AsyncGenerator<Uint8Array> {
  const context = await exportContext(db);
  const writer = new ParquetWriter(PARQUET_COLUMNS, metadata, 'opf telemetry');
  yield writer.start();
  const segments = segmentsOf(window, hoursPerRowGroup);
  const stored =
    storedParts && hoursPerRowGroup === 24
      ? await usableParts(
          db,
          context,
          segments.flatMap((s) => (s.day ? [s.day] : [])),
        )
      : new Map<string, DayPartHead>();
  const read = (i: number): Promise<Segment> => {
    const segment = segments[i]!;
    const head = segment.day ? stored.get(segment.day) : undefined;
    const result = head
      ? readStoredGroup(db, head, segment, context)
      : readLiveGroup(db, segment, context);
    // Awaited below; this only keeps a read left behind by a consumer that stopped early quiet.
    result.catch(() => undefined);
    return result;
  };
  let next = segments.length > 0 ? read(0) : undefined;
  for (let i = 0; i < segments.length; i++) {
    const segment = await next!;
    next = i + 1 < segments.length ? read(i + 1) : undefined;
    if (segment.group.rows > 0) yield* writer.append(segment.group);
  }
  yield writer.finish();
}

interface Window {
  from: number;
  to: number;
  /** YYYY-MM-DD when the window is that whole UTC day. */
  day?: string;
}

interface Segment {
  group: EncodedRowGroup;
}

/** The window cut at UTC midnights (and every `hours` hours from them). */
function segmentsOf(window: { from: Date; to: Date }, hours: number): Window[] {
  if (!(Number.isInteger(hours) && hours >= 1 && hours <= 24))
    throw new Error('hours a row group: a whole number from 1 to 24');
  const step = hours * HOUR_MS;
  const end = window.to.getTime();
  const segments: Window[] = [];
  // Row groups start on the hour: a row's hour is then a whole number of hours into its group.
  let t = Math.ceil(window.from.getTime() / HOUR_MS) * HOUR_MS;
  while (t < end) {
    const day = Math.floor(t / DAY_MS) * DAY_MS;
    const to = Math.min(day + Math.floor((t - day) / step + 1) * step, day + DAY_MS, end);
    const whole = t === day && to === day + DAY_MS && hours === 24;
    segments.push({ from: t, to, ...(whole && { day: new Date(day).toISOString().slice(0, 10) }) });
    t = to;
  }
  return segments;
}

/** A day (or part of one) read now and encoded. */
async function readLiveGroup(db: Db, window: Window, context: ExportContext): Promise<Segment> {
  const page = await readPage(db, window, context.d);
  return { group: encodePage(page, context.d) };
}

function encodePage(page: Page, d: Dictionaries): EncodedRowGroup {
  if (page.rows === 0) return { rows: 0, chunks: [], layout: new Int32Array(0) };
  return new ParquetWriter(PARQUET_COLUMNS).encode(page.rows, columnsOf(page, d));
}

/** A stored day part; read now instead when it was replaced since it was judged current. */
async function readStoredGroup(
  db: Db,
  head: DayPartHead,
  window: Window,
  context: ExportContext,
): Promise<Segment> {
  const part = await readTelemetryDayPart(db, head);
  if (!part) return readLiveGroup(db, window, context);
  return {
    group: { rows: head.rows, chunks: head.rows > 0 ? [part.bytes] : [], layout: part.layout },
  };
}

/** The stored parts of these days that are current: same rows, same writer, same names. */
async function usableParts(
  db: Db,
  context: ExportContext,
  days: readonly string[],
): Promise<Map<string, DayPartHead>> {
  const heads = await currentTelemetryDayParts(db, days);
  const usable = new Map<string, DayPartHead>();
  for (const head of heads)
    if (
      head.format === DAY_PART_FORMAT &&
      sameBytes(head.namesDigest, namesDigest(context, head.series))
    )
      usable.set(head.day, head);
  return usable;
}

/**
 * Write the day parts of these UTC days (YYYY-MM-DD) whose stored part is not current: each
 * read and encoded as the export would, stored with the version of the day it was read at. A
 * day written while it is being read is stored stale (its version moved on) and never used.
 * Returns what was written.
 */
export async function publishDatasetDays(
  db: Db,
  days: readonly string[],
): Promise<{ days: number; rows: number; bytes: number }> {
  const context = await exportContext(db);
  const current = await usableParts(db, context, days);
  const written = { days: 0, rows: 0, bytes: 0 };
  for (const day of days) {
    if (current.has(day)) continue;
    const version = (await telemetryDayVersions({ tx: db }, [day])).get(day)!;
    const from = Date.parse(`${day}T00:00:00Z`);
    const page = await readPage(db, { from, to: from + DAY_MS }, context.d);
    const group = encodePage(page, context.d);
    const bytes = concatenate(group.chunks);
    await storeTelemetryDayPart(
      { tx: db },
      {
        day,
        version,
        format: DAY_PART_FORMAT,
        rows: group.rows,
        series: new Uint8Array(page.series.buffer, 0, page.series.length * 4).slice(),
        namesDigest: namesDigest(context, page.series),
        layout: group.layout,
        bytes,
      },
    );
    written.days++;
    written.rows += group.rows;
    written.bytes += bytes.length;
  }
  return written;
}

interface ExportContext {
  d: Dictionaries;
  series: readonly { id: number; cluster: string; namespace: string; project: string | null }[];
  publish: (namespace: string) => string;
  terms: ReadonlyMap<number, string>;
  /** Per series id: 8 bytes of the digest of what its rows are published as (made on demand). */
  hashes?: Map<number, Uint8Array>;
  termsDigest?: Uint8Array;
}

async function exportContext(db: Db): Promise<ExportContext> {
  const [series, terms, publish] = await Promise.all([
    telemetryExportSeries({ tx: db }),
    telemetryPublishableTerms({ tx: db }),
    publishedNamespaces(db),
  ]);
  return { d: dictionariesOf(series, terms, publish), series, publish, terms };
}

/** A series not published (sample data, or unknown when the names were read). */
const UNPUBLISHED = new Uint8Array(8).fill(0xff);

/**
 * What a day's rows are published as, beyond the rows themselves: for each series with rows in
 * the day (in the order given), its cluster, namespace, published name and project, or that it
 * is not published; and which terms versions may be published, under which names. A part whose
 * digest differs from the one of today's names is stale (a project linked, a login that now
 * pseudonymises a namespace, a consent record changed).
 */
function namesDigest(context: ExportContext, series: Int32Array | Uint8Array): Uint8Array {
  if (!context.hashes) {
    context.hashes = new Map();
    for (const s of context.series)
      context.hashes.set(
        s.id,
        createHash('sha256')
          .update(
            `${s.cluster}\0${s.namespace}\0${context.publish(s.namespace)}\0${s.project ?? '\u0001'}`,
          )
          .digest()
          .subarray(0, 8),
      );
    const terms = [...context.terms].sort((a, b) => a[0] - b[0]);
    context.termsDigest = createHash('sha256')
      .update(terms.map(([id, version]) => `${id}\0${version}`).join('\n'))
      .digest();
  }
  const ids =
    series instanceof Int32Array
      ? series
      : new Int32Array(series.buffer, series.byteOffset, series.byteLength / 4);
  const hash = createHash('sha256').update(context.termsDigest!);
  const entries = new Uint8Array(ids.length * 12);
  const view = new DataView(entries.buffer);
  for (let i = 0; i < ids.length; i++) {
    view.setInt32(12 * i, ids[i]!, true);
    entries.set(context.hashes.get(ids[i]!) ?? UNPUBLISHED, 12 * i + 4);
  }
  return new Uint8Array(hash.update(entries).digest());
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function concatenate(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
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
  /** Every series with rows in the page, published or not, in the order first read. */
  series: Int32Array;
  filled: Uint8Array;
  consent: Int16Array;
  metrics: Float32Array[];
}

async function readPage(
  db: Db,
  window: { from: number; to: number },
  d: Dictionaries,
): Promise<Page> {
  const { rank, publishable, series } = d;
  const hours = Math.ceil((window.to - window.from) / HOUR_MS);
  const capacity = hours * d.series;
  const seen = new Uint8Array(rank.length);
  const others = new Set<number>();
  const ids: number[] = [];
  const page: Page = {
    from: window.from,
    rows: 0,
    series: new Int32Array(0),
    filled: new Uint8Array(capacity),
    consent: new Int16Array(capacity),
    metrics: Array.from({ length: METRICS }, () => new Float32Array(capacity)),
  };
  const { filled, consent, metrics } = page;
  const from = window.from;
  await telemetryExportRows(
    db,
    { from: new Date(window.from), to: new Date(window.to) },
    (view, at) => {
      const id = view.getInt32(at[0]!);
      if (id < seen.length) {
        if (seen[id] === 0) {
          seen[id] = 1;
          ids.push(id);
        }
      } else if (!others.has(id)) {
        others.add(id);
        ids.push(id);
      }
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
  page.series = Int32Array.from(ids);
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
