/**
 * The monotonic rule that makes the webhook safe to replay and reorder (docs/incidents.md):
 * each alert (by fingerprint) keeps the greatest observation seen, ordered by
 *   1. startsAt: a later episode of the alert supersedes an earlier one;
 *   2. then resolved over firing: within an episode, resolution is final;
 *   3. then endsAt, then the labels and annotations as text: only so that two deliveries
 *      that differ in nothing that matters still pick the same winner in any order.
 * "Greatest" is a total order, so merging is commutative, associative and idempotent: any
 * order and any number of copies of the same deliveries end in the same state.
 */
export interface AlertObservation {
  fingerprint: string;
  alertname: string;
  namespace: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: 'firing' | 'resolved';
  /** ISO instants, normalised to milliseconds. */
  startsAt: string;
  endsAt: string | null;
}

function canonical(record: Record<string, string>): string {
  return JSON.stringify(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Positive when `a` supersedes `b`, 0 when they are the same observation. */
export function compareObservations(a: AlertObservation, b: AlertObservation): number {
  const byStart = Date.parse(a.startsAt) - Date.parse(b.startsAt);
  if (byStart !== 0) return byStart;
  const byStatus = Number(a.status === 'resolved') - Number(b.status === 'resolved');
  if (byStatus !== 0) return byStatus;
  const byEnd =
    Date.parse(a.endsAt ?? '1970-01-01T00:00:00Z') - Date.parse(b.endsAt ?? '1970-01-01T00:00:00Z');
  if (byEnd !== 0) return byEnd;
  return (
    compareText(canonical(a.labels), canonical(b.labels)) ||
    compareText(canonical(a.annotations), canonical(b.annotations))
  );
}

/** The observation to keep: the stored one unless the new one supersedes it. */
export function mergeObservation(
  stored: AlertObservation | undefined,
  observed: AlertObservation,
): { keep: AlertObservation; changed: boolean } {
  if (!stored || compareObservations(observed, stored) > 0)
    return { keep: observed, changed: true };
  return { keep: stored, changed: false };
}

/**
 * The incident's state from its alerts: open while any alert fires; resolved when all
 * have, at the last alert's end. Started at the earliest start seen.
 */
export function incidentStateOf(alerts: readonly AlertObservation[]): {
  status: 'open' | 'resolved';
  startedAt: string;
  resolvedAt: string | null;
} {
  const startedAt = new Date(Math.min(...alerts.map((a) => Date.parse(a.startsAt)))).toISOString();
  if (alerts.some((a) => a.status === 'firing'))
    return { status: 'open', startedAt, resolvedAt: null };
  const resolvedAt = new Date(
    Math.max(...alerts.map((a) => Date.parse(a.endsAt ?? a.startsAt))),
  ).toISOString();
  return { status: 'resolved', startedAt, resolvedAt };
}
