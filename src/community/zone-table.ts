import { IANAZone, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon';

/**
 * A time zone whose offsets come from a table of its transitions, built once per calendar
 * year, instead of asking Intl for each instant (luxon's IANAZone formats the instant with
 * `Intl.DateTimeFormat#formatToParts` on every call: about two calls per date it builds).
 * An expanded calendar of a hundred occurrences asked Intl several hundred times per answer;
 * with the table, once per zone and year for the life of the process (ADR 0015).
 *
 * The offsets are the IANA zone's own: each year's transitions are found by sampling every
 * 6 hours and bisecting to the second (IANAZone's offsets are constant within a second), so
 * luxon's arithmetic (including its resolution of skipped and repeated local times) gives
 * the same instants as with the zone's name. Names and formats are the IANA zone's.
 */
export class TableZone extends Zone {
  readonly #iana: IANAZone;
  readonly #years = new Map<number, YearTable>();

  constructor(name: string) {
    super();
    this.#iana = IANAZone.create(name);
  }

  override get type(): string {
    return 'iana';
  }
  override get name(): string {
    return this.#iana.name;
  }
  get ianaName(): string {
    return this.#iana.name;
  }
  override get isUniversal(): boolean {
    return false;
  }
  override get isValid(): boolean {
    return this.#iana.isValid;
  }
  override offsetName(ts: number, opts: ZoneOffsetOptions): string | null {
    return this.#iana.offsetName(ts, opts);
  }
  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return this.#iana.formatOffset(ts, format);
  }
  override equals(other: Zone): boolean {
    return other.type === 'iana' && other.name === this.name;
  }

  override offset(ts: number): number {
    if (!Number.isFinite(ts) || !this.isValid) return this.#iana.offset(ts);
    const year = new Date(ts).getUTCFullYear();
    let table = this.#years.get(year);
    if (!table) {
      table = yearTable(this.#iana, year);
      if (this.#years.size >= YEARS_KEPT) this.#years.delete(this.#years.keys().next().value!);
      this.#years.set(year, table);
    }
    let offset = table.startOffset;
    for (const transition of table.transitions) {
      if (transition.at > ts) break;
      offset = transition.to;
    }
    return offset;
  }
}

interface YearTable {
  startOffset: number;
  transitions: { at: number; to: number }[];
}

/** Years kept per zone: a calendar spans about a dozen. */
const YEARS_KEPT = 200;
const HOUR = 3_600_000;
const STEP = 6 * HOUR;

function yearTable(zone: IANAZone, year: number): YearTable {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const startOffset = zone.offset(start);
  const transitions: YearTable['transitions'] = [];
  let before = startOffset;
  for (let t = start; t < end; t += STEP) {
    const next = Math.min(t + STEP, end);
    const after = zone.offset(next);
    if (after === before) continue;
    let lo = t;
    let hi = next;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (zone.offset(mid) === before) lo = mid;
      else hi = mid;
    }
    // `next` may be the first instant of the following year: its table holds it there too.
    if (hi < end) transitions.push({ at: hi, to: after });
    before = after;
  }
  return { startOffset, transitions };
}

const ZONES_KEPT = 256;
const zones = new Map<string, TableZone>();

/** The table zone for an IANA name, one per name for the life of the process. */
export function tableZone(name: string): TableZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = new TableZone(name);
    // Zone names come from stored meetings, validated when written; bounded all the same.
    if (zones.size >= ZONES_KEPT) zones.delete(zones.keys().next().value!);
    zones.set(name, zone);
  }
  return zone;
}
