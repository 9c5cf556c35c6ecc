/** US Eastern: where most of the community's meetings are set, shown beside the reader's zone. */
export const EASTERN = 'America/New_York';

export function readerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** "Wed, Dec 9, 2026, 4:00 PM EST" in a zone. */
export function inZone(iso: string, zone: string): string {
  return new Date(iso).toLocaleString(undefined, {
    timeZone: zone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

/** "4:00 PM EST" in a zone: the time of day only. */
export function timeInZone(iso: string, zone: string): string {
  return new Date(iso).toLocaleTimeString(undefined, {
    timeZone: zone,
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

const dayIn = (iso: string, zone: string) =>
  new Date(iso).toLocaleDateString('en-CA', { timeZone: zone });

/**
 * The reader's time, and US Eastern's beside it when the reader is elsewhere: only the time
 * of day when both fall on the same date, else Eastern's date too.
 */
export function bothZones(iso: string): { reader: string; eastern: string | undefined } {
  const zone = readerZone();
  const reader = inZone(iso, zone);
  if (inZone(iso, EASTERN) === reader) return { reader, eastern: undefined };
  const sameDay = dayIn(iso, zone) === dayIn(iso, EASTERN);
  return { reader, eastern: sameDay ? timeInZone(iso, EASTERN) : inZone(iso, EASTERN) };
}
