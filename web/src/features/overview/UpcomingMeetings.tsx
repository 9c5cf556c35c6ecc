import { Loaded, Panel, Placeholder } from '../../shared/components/index.ts';
import type { Meetings } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { NextMeetings } from '../meetings/NextMeetings.tsx';

export function UpcomingMeetings() {
  const meetings = useApi<Meetings>('/api/v1/meetings');
  return (
    <Panel title="Upcoming meetings" dataTest="overview-meetings">
      <Loaded state={meetings} what="the meetings">
        {(answer) =>
          answer.next.length === 0 ? (
            <Placeholder title="No meeting scheduled" dataTest="meetings-empty">
              The ops team has not scheduled a meeting yet.
            </Placeholder>
          ) : (
            <NextMeetings meetings={answer} />
          )
        }
      </Loaded>
    </Panel>
  );
}
