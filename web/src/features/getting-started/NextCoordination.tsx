import { Link } from 'react-router';
import { Notice } from '../../shared/components/Notice.tsx';
import { usePageHost } from '../../shared/prerender.ts';
import type { Channel, Meetings } from '../../shared/types.ts';
import { meetingPath } from '../meetings/rule.ts';
import { When } from '../meetings/When.tsx';

/**
 * Above the fold: when the next coordination meeting is (where new projects are discussed),
 * its agenda, the calendar, and the mailing lists to write to.
 */
export function NextCoordination(props: {
  meetings: Meetings | undefined;
  channels: Channel[] | undefined;
}) {
  const host = usePageHost();
  const meetings = props.meetings;
  if (!meetings) return null;
  const coordination = meetings.items.find((m) => m.reviewsRequests) ?? meetings.items[0];
  const next = coordination && meetings.next.find((o) => o.meeting === coordination.slug);
  if (!coordination || !next) return null;
  const lists = (props.channels ?? []).filter(
    (c) => c.kind === 'mailing-list' && (c.url || c.address),
  );
  const feed = `/api/v1/meetings/${encodeURIComponent(coordination.slug)}.ics`;
  return (
    <div className="opf-next-coordination" data-test="next-coordination">
      <Notice
        variant="info"
        title={`Next ${coordination.title}`}
        dataTest="next-coordination-notice"
      >
        <p>
          <Link to={meetingPath(coordination.slug, next.date)} data-test="next-coordination-agenda">
            <When iso={next.start} />
          </Link>
          {next.status === 'moved' && ' (moved)'}: new projects are discussed there; anyone may
          join.{' '}
          <a href={`webcal://${host}${feed}`} data-test="calendar-link">
            Add it to your calendar
          </a>{' '}
          (<a href={feed}>.ics</a>).
        </p>
        {lists.length > 0 && (
          <p>
            Mailing lists:{' '}
            {lists.map((list, index) => (
              <span key={list.slug}>
                {index > 0 && ', '}
                <a href={list.url ?? `mailto:${list.address}`} data-test="mailing-list-link">
                  {list.name}
                </a>
              </span>
            ))}
          </p>
        )}
      </Notice>
    </div>
  );
}
