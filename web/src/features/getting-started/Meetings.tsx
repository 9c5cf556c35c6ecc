import { Content } from '@patternfly/react-core/dist/esm/components/Content';
import { Panel } from '../../shared/components/Panel.tsx';
import type { Meetings as MeetingsAnswer, SiteContent } from '../../shared/types.ts';
import type { Loaded } from '../../shared/useApi.ts';
import { NextMeetings } from '../meetings/NextMeetings.tsx';

/** The next meetings from the calendar; the site content's words when the calendar is empty. */
export function Meetings(props: {
  fallback: SiteContent['meetings'];
  meetings: Loaded<MeetingsAnswer>;
}) {
  const { fallback, meetings } = props;
  const calendar = meetings.data && meetings.data.next.length > 0 ? meetings.data : undefined;
  return (
    <Panel title="Coordination meetings" dataTest="meetings">
      {calendar ? (
        <NextMeetings meetings={calendar} />
      ) : (
        <Content component="ul">
          {fallback.map((meeting) => (
            <Content component="li" key={meeting.name}>
              <strong>{meeting.name}</strong> ({meeting.schedule}). {meeting.text}
            </Content>
          ))}
        </Content>
      )}
    </Panel>
  );
}
