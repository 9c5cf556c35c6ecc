import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { Link, useParams } from 'react-router';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { StateLabel } from '../../shared/components/StateLabel.tsx';
import { Markdown } from '../../shared/markdown.tsx';
import { useCanReview } from '../../shared/role.ts';
import type { Agenda, AgendaItem, RequestPage, RequestState } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { cloudReportLink } from './cloudReportLink.ts';
import { DecisionForm } from './DecisionForm.tsx';
import { MinutesForm } from './MinutesForm.tsx';
import { meetingPath } from './rule.ts';
import { When } from './When.tsx';

/**
 * One occurrence: its agenda (requests in review, items people added), who asked to come,
 * attendance and minutes. Anyone reads; ops record attendance, minutes and decisions here.
 */
export function OccurrencePage() {
  const { slug = '', date = '' } = useParams();
  const path = `/api/v1/meetings/${encodeURIComponent(slug)}/agenda/${encodeURIComponent(date)}`;
  const agenda = useApi<Agenda>(
    `/api/v1/meetings/${encodeURIComponent(slug)}/agenda?date=${encodeURIComponent(date)}`,
  );
  const canDecide = useCanReview();
  // The states of the requests on the agenda, to offer only the actions each can take.
  const inReview = useApi<RequestPage>(
    canDecide ? '/api/v1/requests?state=submitted&state=in-review&limit=200' : undefined,
  );
  const stateOf = (id: number | null): RequestState | undefined =>
    inReview.data?.items.find((r) => r.id === id)?.state;
  const reload = () => {
    agenda.reload();
    inReview.reload();
  };
  return (
    <Loaded state={agenda} what="the agenda">
      {(a) => (
        <AppPage
          id="occurrence"
          title={`${a.title}, ${date}`}
          description={
            <>
              <When iso={a.occurrence.start} />
              {a.occurrence.status === 'moved' && ' (moved)'}.{' '}
              <Link to={meetingPath(slug)}>All about {a.title}</Link>
            </>
          }
        >
          <Grid hasGutter>
            <GridItem lg={7}>
              <Panel title="Agenda" dataTest="agenda">
                {a.items.length === 0 ? (
                  <p>Nothing is on the agenda yet.</p>
                ) : (
                  <ol className="opf-agenda">
                    {a.items.map((item, index) => (
                      <AgendaEntry
                        key={item.id ?? `request-${item.requestId}`}
                        item={item}
                        index={index}
                        canDecide={canDecide}
                        path={path}
                        requestState={stateOf(item.requestId)}
                        onDone={reload}
                      />
                    ))}
                  </ol>
                )}
              </Panel>
            </GridItem>
            <GridItem lg={5}>
              <Panel title="Attendance" dataTest="attendance">
                {a.record && a.record.attendance.length > 0 ? (
                  <ul className="opf-recent">
                    {a.record.attendance.map((name) => (
                      <li key={name} data-test="attendee">
                        {name}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p>Not recorded yet.</p>
                )}
                {a.newcomers.length > 0 && (
                  <>
                    <p className="opf-gap-top">Asked for an invitation since the last meeting:</p>
                    <ul className="opf-recent">
                      {a.newcomers.map((n) => (
                        <li key={`${n.name}-${n.askedAt}`} data-test="newcomer">
                          {n.name}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </Panel>
            </GridItem>
            <GridItem>
              <Panel title="Minutes" dataTest="minutes-panel">
                {a.record?.minutes ? (
                  <Markdown text={a.record.minutes} dataTest="minutes-text" />
                ) : (
                  <p>No minutes yet.</p>
                )}
                {a.record && <p className="opf-muted">Recorded by {a.record.recordedBy}.</p>}
                {canDecide && (
                  <div className="opf-gap-top">
                    <MinutesForm
                      key={a.record?.updatedAt ?? 'new'}
                      path={path}
                      record={a.record}
                      onDone={reload}
                    />
                  </div>
                )}
              </Panel>
            </GridItem>
          </Grid>
        </AppPage>
      )}
    </Loaded>
  );
}

function AgendaEntry(props: {
  item: AgendaItem;
  index: number;
  canDecide: boolean;
  path: string;
  requestState: RequestState | undefined;
  onDone: () => void;
}) {
  const { item } = props;
  const cloudReport = cloudReportLink(item.notes);
  return (
    <li data-test="agenda-item">
      <strong>
        {props.index + 1}.{' '}
        {item.requestId !== null ? (
          <Link to={`/requests/${item.requestId}`}>{item.title}</Link>
        ) : (
          item.title
        )}
      </strong>
      {props.requestState && (
        <>
          {' '}
          <StateLabel state={props.requestState} />
        </>
      )}
      {item.notes && <p className="opf-muted">{item.notes}</p>}
      {cloudReport && (
        <p>
          <Link to={cloudReport} data-test="agenda-cloud-report">
            Read the cloud’s report for this period
          </Link>
        </p>
      )}
      {item.decision ? (
        <p data-test="agenda-decision">
          Decided{item.decisionAction && ` (${item.decisionAction})`}: {item.decision}{' '}
          <span className="opf-muted">by {item.decidedBy}</span>
        </p>
      ) : (
        <p className="opf-muted">No decision yet.</p>
      )}
      {props.canDecide && (item.requestId === null || props.requestState) && (
        <DecisionForm
          // A new form when the request moves on: its actions are those of the new state.
          key={props.requestState ?? 'topic'}
          path={props.path}
          item={item}
          requestState={props.requestState}
          index={props.index}
          onDone={props.onDone}
        />
      )}
    </li>
  );
}
