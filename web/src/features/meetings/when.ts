import type { Meetings, Occurrence } from '../../shared/types.ts';

/** "Wed, Nov 25, 8:30 AM EST", in the reader's own time zone. */
export function when(occurrence: Occurrence): string {
  return new Date(occurrence.start).toLocaleString(undefined, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

/** The next meeting that reviews requests: where a request in review is discussed. */
export function nextReviewMeeting(meetings: Meetings): Occurrence | undefined {
  const reviewing = new Set(meetings.items.filter((m) => m.reviewsRequests).map((m) => m.slug));
  return meetings.next
    .filter((o) => reviewing.has(o.meeting))
    .sort((a, b) => a.start.localeCompare(b.start))[0];
}
