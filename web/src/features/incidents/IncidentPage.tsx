import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { Link, useParams } from 'react-router';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { Placeholder } from '../../shared/components/Placeholder.tsx';
import { Markdown } from '../../shared/markdown.tsx';
import { useCanReview } from '../../shared/role.ts';
import { useSession } from '../../shared/session.ts';
import { formatTime } from '../../shared/time.ts';
import { useToken } from '../../shared/token.ts';
import { useApi } from '../../shared/useApi.ts';
import { AcknowledgeIncident } from './AcknowledgeIncident.tsx';
import { IncidentActions } from './IncidentActions.tsx';
import { IncidentStatusLabel, SeverityLabel } from './IncidentLabels.tsx';
import type { IncidentDetail } from './types.ts';
import './incidents.css';

const KIND_WORDS: Record<string, string> = {
  opened: 'Opened',
  update: 'Update',
  resolved: 'Resolved',
  postmortem: 'Post-mortem',
  acknowledged: 'Acknowledged by the team',
  'alert-firing': 'Alert firing',
  'alert-resolved': 'Alert resolved',
};

/** One incident in the open: where, whom, its alerts, its timeline and its post-mortem. */
export function IncidentPage() {
  const { id } = useParams();
  const valid = id !== undefined && /^[1-9][0-9]{0,15}$/.test(id);
  const incident = useApi<IncidentDetail>(valid ? `/api/v1/incidents/${id}` : undefined);
  const isOps = useCanReview();
  const session = useSession();
  const token = useToken();
  const signedIn = session !== undefined || token !== undefined;
  if (!valid)
    return (
      <AppPage id="incident" title="No such incident">
        <Placeholder title="Not an incident number" dataTest="incident-invalid">
          <Link to="/status">See the status page</Link>.
        </Placeholder>
      </AppPage>
    );
  return (
    <Loaded state={incident} what={`incident ${id}`}>
      {(data) => (
        <AppPage
          id="incident"
          title={data.title}
          description={
            <>
              <IncidentStatusLabel status={data.status} />{' '}
              <SeverityLabel severity={data.severity} />{' '}
              <span className="opf-muted">
                Incident {data.id},{' '}
                {data.source === 'alertmanager' ? 'from alerts' : 'declared by ops'}, since{' '}
                {formatTime(data.startedAt)}
                {data.resolvedAt && `, resolved ${formatTime(data.resolvedAt)}`}.{' '}
              </span>
              <Link to="/status">All incidents</Link>
            </>
          }
        >
          <Grid hasGutter>
            <GridItem md={7}>
              <Panel title="Timeline" dataTest="incident-timeline">
                <ol className="opf-incident-timeline">
                  {data.timeline.map((entry, n) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the timeline only grows at its end in time order; entries have no id of their own
                    <li key={n} data-test="timeline-entry" data-kind={entry.kind}>
                      <strong>{KIND_WORDS[entry.kind] ?? entry.kind}</strong>{' '}
                      <span className="opf-muted">
                        {formatTime(entry.at)} · {entry.author}
                      </span>
                      <div className="opf-incident-body">{entry.body}</div>
                    </li>
                  ))}
                </ol>
              </Panel>
            </GridItem>
            <GridItem md={5}>
              <Panel title="Where" dataTest="incident-where">
                <dl className="opf-where">
                  <dt>Clusters</dt>
                  <dd>{data.clusters.join(', ') || 'none named'}</dd>
                  <dt>Projects</dt>
                  <dd>{data.projects.join(', ') || 'none linked'}</dd>
                  {data.acknowledgements.length > 0 && (
                    <>
                      <dt>Answered by the team</dt>
                      <dd data-test="incident-answers">
                        {data.acknowledgements.map((a) => (
                          <div key={a.project} data-test="incident-answer" data-project={a.project}>
                            {a.project}:{' '}
                            {a.acknowledgedAt
                              ? `${formatTime(a.acknowledgedAt)} by ${a.acknowledgedBy}`
                              : 'not yet'}
                          </div>
                        ))}
                      </dd>
                    </>
                  )}
                  <dt>Namespaces</dt>
                  <dd>{data.namespaces.join(', ') || 'none'}</dd>
                  {data.githubIssue && (
                    <>
                      <dt>GitHub issue</dt>
                      <dd>
                        <a href={data.githubIssue} rel="noopener noreferrer">
                          {data.githubIssue}
                        </a>
                      </dd>
                    </>
                  )}
                </dl>
                {data.alerts.length > 0 && (
                  <ul className="opf-incidents opf-gap-top" data-test="incident-alerts">
                    {data.alerts.map((alert) => (
                      <li
                        key={alert.fingerprint}
                        data-test="incident-alert"
                        data-status={alert.status}
                      >
                        <strong>{alert.alertname}</strong> {alert.status}
                        {alert.namespace && ` in ${alert.namespace}`}
                        {alert.summary && <div className="opf-muted">{alert.summary}</div>}
                      </li>
                    ))}
                  </ul>
                )}
              </Panel>
            </GridItem>
            {signedIn && (
              <GridItem md={12}>
                <AcknowledgeIncident incident={data} onAnswered={incident.reload} />
              </GridItem>
            )}
            <GridItem md={isOps ? 7 : 12}>
              <Panel title="Post-mortem" dataTest="incident-postmortem">
                {data.postmortem ? (
                  <Markdown text={data.postmortem} dataTest="markdown" />
                ) : (
                  <Placeholder title="Not yet" dataTest="postmortem-pending">
                    No post-mortem is attached yet.
                  </Placeholder>
                )}
              </Panel>
            </GridItem>
            {isOps && (
              <GridItem md={5}>
                <Panel title="Act on it" dataTest="incident-actions">
                  <IncidentActions incident={data} onChanged={incident.reload} />
                </Panel>
              </GridItem>
            )}
          </Grid>
        </AppPage>
      )}
    </Loaded>
  );
}
