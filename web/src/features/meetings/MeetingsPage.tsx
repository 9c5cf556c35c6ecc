import { Gallery } from '@patternfly/react-core/dist/esm/layouts/Gallery';
import { Link } from 'react-router';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import type { Meetings } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { meetingPath, ruleInWords } from './rule.ts';
import { Subscribe } from './Subscribe.tsx';
import { When } from './When.tsx';

/** Every community meeting: when it meets, its next occurrence, and how to follow it. */
export function MeetingsPage() {
  const meetings = useApi<Meetings>('/api/v1/meetings');
  return (
    <AppPage
      id="meetings"
      title="Meetings"
      description="The community meets in the open: anyone may join, read the agendas and the minutes."
    >
      <Loaded state={meetings} what="the meetings">
        {(answer) => (
          <>
            <Subscribe title="every meeting" />
            <Gallery hasGutter minWidths={{ default: '100%', lg: '420px' }}>
              {answer.items.map((meeting) => {
                const next = answer.next.find((o) => o.meeting === meeting.slug);
                return (
                  <Panel key={meeting.slug} title={meeting.title} dataTest="meeting">
                    <p>{ruleInWords(meeting)}</p>
                    {meeting.description && <p className="opf-muted">{meeting.description}</p>}
                    <p>
                      Next:{' '}
                      {next ? (
                        <Link to={meetingPath(meeting.slug, next.date)} data-test="next-occurrence">
                          <When iso={next.start} />
                        </Link>
                      ) : (
                        'no occurrence in the coming year'
                      )}
                      {next?.status === 'moved' && ' (moved)'}
                    </p>
                    <p>
                      <Link to={meetingPath(meeting.slug)} data-test="meeting-link">
                        {meeting.title}: schedule, agenda and minutes
                      </Link>
                    </p>
                  </Panel>
                );
              })}
            </Gallery>
          </>
        )}
      </Loaded>
    </AppPage>
  );
}
