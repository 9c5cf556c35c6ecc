import type { Meetings } from '../../shared/types.ts';
import { when } from './when.ts';

/** Each meeting with its next occurrence, soonest first. */
export function NextMeetings({ meetings }: { meetings: Meetings }) {
  const next = [...meetings.next].sort((a, b) => a.start.localeCompare(b.start));
  return (
    <ul className="opf-recent">
      {next.map((occurrence) => {
        const meeting = meetings.items.find((m) => m.slug === occurrence.meeting);
        return (
          <li key={`${occurrence.meeting}-${occurrence.date}`} data-test="next-meeting">
            <strong>{occurrence.title}</strong>:{' '}
            <time dateTime={occurrence.start}>{when(occurrence)}</time>
            {occurrence.status === 'moved' && ' (moved)'}
            {meeting?.description && <div className="opf-muted">{meeting.description}</div>}
            {meeting?.contact && <div className="opf-muted">Invitations: {meeting.contact}</div>}
          </li>
        );
      })}
    </ul>
  );
}
