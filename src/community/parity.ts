import { DateTime } from 'luxon';
import type { MeetingInput, RecurrenceRule } from './model.ts';
import { RECURRENCE_RULES } from './model.ts';
import { ruleDates } from './recurrence.ts';

export type Parity = 'even' | 'odd' | 'mixed' | 'none';

export interface ParityYear {
  /** The ISO week-numbering year. */
  year: number;
  weeksInYear: number;
  parity: Record<RecurrenceRule, Parity>;
  agree: boolean;
  /** Dates one rule gives and the other does not, that year. */
  onlyEveryOtherWeek: string[];
  onlyIsoWeekParity: string[];
}

export interface ParityReport {
  years: ParityYear[];
  warnings: string[];
}

function parityOf(dates: string[]): Parity {
  const kinds = new Set(
    dates.map((d) => (DateTime.fromISO(d, { zone: 'UTC' }).weekNumber % 2 === 0 ? 'even' : 'odd')),
  );
  if (kinds.size === 0) return 'none';
  return kinds.size === 1 ? ([...kinds][0] as Parity) : 'mixed';
}

/**
 * Per ISO year, which week parity the meeting has under each rule, and where the rules
 * disagree: the seeds' "even weeks in 2020" and a strict fortnightly cadence part ways
 * after every year with 53 ISO weeks (2020, 2026, ...).
 */
export function parityReport(
  meeting: Pick<MeetingInput, 'recurrence' | 'title'>,
  fromYear: number,
  toYear: number,
): ParityReport {
  const years: ParityYear[] = [];
  const warnings: string[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    // ISO year `year` runs from the Monday of week 1 to the Sunday of its last week.
    const first = DateTime.fromObject(
      { weekYear: year, weekNumber: 1, weekday: 1 },
      { zone: 'UTC' },
    );
    const weeksInYear = first.weeksInWeekYear;
    const lastDay = DateTime.fromObject(
      { weekYear: year, weekNumber: weeksInYear, weekday: 7 },
      { zone: 'UTC' },
    );
    const [cadence, parity] = RECURRENCE_RULES.map((rule) =>
      ruleDates(meeting.recurrence, rule, first, lastDay),
    ) as [string[], string[]];
    const inParity = new Set(parity);
    const inCadence = new Set(cadence);
    const onlyEveryOtherWeek = cadence.filter((d) => !inParity.has(d));
    const onlyIsoWeekParity = parity.filter((d) => !inCadence.has(d));
    const entry: ParityYear = {
      year,
      weeksInYear,
      parity: { 'every-other-week': parityOf(cadence), 'iso-week-parity': parityOf(parity) },
      agree: onlyEveryOtherWeek.length === 0 && onlyIsoWeekParity.length === 0,
      onlyEveryOtherWeek,
      onlyIsoWeekParity,
    };
    years.push(entry);
    if (!entry.agree) {
      const differing = [...onlyEveryOtherWeek, ...onlyIsoWeekParity].sort();
      warnings.push(
        `${meeting.title}, ${year}: every other week gives ${entry.parity['every-other-week']} ISO weeks, ` +
          `ISO week parity gives ${entry.parity['iso-week-parity']} weeks (${differing.length} dates differ, ` +
          `from ${differing[0]}${weekFiftyThreeNote(year)})`,
      );
    }
  }
  return { years, warnings };
}

function weekFiftyThreeNote(year: number): string {
  const previous = DateTime.fromObject(
    { weekYear: year - 1, weekNumber: 1, weekday: 1 },
    { zone: 'UTC' },
  );
  const current = DateTime.fromObject(
    { weekYear: year, weekNumber: 1, weekday: 1 },
    { zone: 'UTC' },
  );
  if (current.weeksInWeekYear === 53) return `; ${year} has 53 ISO weeks`;
  return previous.weeksInWeekYear === 53 ? `; ${year - 1} had 53 ISO weeks` : '';
}
