import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { Link, useParams } from 'react-router';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import type { MeetingDetail, MeetingRecord, Occurrence } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { AskInvitation } from './AskInvitation.tsx';
import { ParityTable } from './ParityTable.tsx';
import { meetingPath, ruleInWords } from './rule.ts';
import { Subscribe } from './Subscribe.tsx';
import { When } from './When.tsx';

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** One meeting: its rule, next occurrences, changes to the series, parity, and past minutes. */
export function MeetingPage() {
  const slug = useParams().slug ?? '';
  const base = `/api/v1/meetings/${encodeURIComponent(slug)}`;
  const detail = useApi<MeetingDetail>(base);
  const now = Date.now();
  const upcoming = useApi<{ items: Occurrence[] }>(
    `${base}/occurrences?from=${isoDay(now - DAY_MS)}&to=${isoDay(now + 84 * DAY_MS)}`,
  );
  const minutes = useApi<{ items: MeetingRecord[] }>(`${base}/minutes`);
  return (
    <Loaded state={detail} what="the meeting">
      {({ meeting, exceptions, parity }) => (
        <AppPage id="meeting" title={meeting.title} description={ruleInWords(meeting)}>
          <Grid hasGutter>
            <GridItem lg={6}>
              <Panel title="Next occurrences" dataTest="occurrences">
                <Loaded state={upcoming} what="the occurrences">
                  {({ items }) => (
                    <ul className="opf-recent">
                      {items
                        .filter((o) => Date.parse(o.end) > now)
                        .slice(0, 6)
                        .map((o) => (
                          <li key={o.date} data-test="occurrence">
                            <Link to={meetingPath(slug, o.date)}>
                              <When iso={o.start} />
                            </Link>
                            {o.status === 'moved' && ' (moved)'}
                          </li>
                        ))}
                    </ul>
                  )}
                </Loaded>
                {meeting.url && (
                  <p className="opf-gap-top">
                    Where: <a href={meeting.url}>{meeting.url}</a>
                  </p>
                )}
                {meeting.description && <p>{meeting.description}</p>}
                <Subscribe slug={slug} title="this meeting" />
                <AskInvitation meeting={slug} />
              </Panel>
            </GridItem>
            <GridItem lg={6}>
              <Panel title="Cancellations and moves" dataTest="exceptions">
                {exceptions.length === 0 ? (
                  <p>Every occurrence is where the rule puts it.</p>
                ) : (
                  <ul className="opf-recent">
                    {exceptions.map((e) => (
                      <li key={e.date} data-test="exception">
                        {e.kind === 'cancel'
                          ? `${e.date}: cancelled`
                          : `${e.date}: moved to ${e.start?.replace('T', ' ')} ${meeting.zone}`}
                        {e.reason && <span className="opf-muted">: {e.reason}</span>}
                      </li>
                    ))}
                  </ul>
                )}
              </Panel>
            </GridItem>
            <GridItem lg={6}>
              <Panel title="ISO-week parity" dataTest="parity">
                <ParityTable meeting={meeting} parity={parity} />
              </Panel>
            </GridItem>
            <GridItem lg={6}>
              <Panel title="Minutes of past meetings" dataTest="past-minutes">
                <Loaded state={minutes} what="the minutes">
                  {({ items }) =>
                    items.length === 0 ? (
                      <p>No meeting has been recorded yet.</p>
                    ) : (
                      <ul className="opf-recent">
                        {items.map((record) => (
                          <li key={record.date} data-test="past-meeting">
                            <Link to={meetingPath(slug, record.date)}>{record.date}</Link>{' '}
                            <span className="opf-muted">
                              {record.attendance.length} attending, recorded by {record.recordedBy}
                            </span>
                          </li>
                        ))}
                      </ul>
                    )
                  }
                </Loaded>
              </Panel>
            </GridItem>
          </Grid>
        </AppPage>
      )}
    </Loaded>
  );
}
