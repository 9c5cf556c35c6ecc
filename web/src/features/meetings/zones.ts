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

/** The reader's time, and US Eastern's beside it when the reader is elsewhere. */
export function bothZones(iso: string): { reader: string; eastern: string | undefined } {
  const zone = readerZone();
  const reader = inZone(iso, zone);
  const eastern = inZone(iso, EASTERN);
  return { reader, eastern: eastern === reader ? undefined : eastern };
}
