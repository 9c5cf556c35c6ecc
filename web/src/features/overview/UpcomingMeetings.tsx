import { Link } from 'react-router';
import { Panel } from '../../shared/components/Panel.tsx';
import { Placeholder } from '../../shared/components/Placeholder.tsx';
import type { Meetings } from '../../shared/types.ts';
import { NextMeetings } from '../meetings/NextMeetings.tsx';

export function UpcomingMeetings({ meetings }: { meetings: Meetings }) {
  return (
    <Panel title="Upcoming meetings" dataTest="overview-meetings">
      {meetings.next.length === 0 ? (
        <Placeholder title="No meeting scheduled" dataTest="meetings-empty">
          The ops team has not scheduled a meeting yet.
        </Placeholder>
      ) : (
        <NextMeetings meetings={meetings} />
      )}
      <p className="opf-gap-top">
        <Link to="/meetings">All meetings, agendas and minutes</Link>
      </p>
    </Panel>
  );
}
