import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { useEffect } from 'react';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { Placeholder } from '../../shared/components/Placeholder.tsx';
import { useCanReview } from '../../shared/role.ts';
import { formatTime } from '../../shared/time.ts';
import { useApi } from '../../shared/useApi.ts';
import { ClusterDays } from './ClusterDays.tsx';
import { DeclareIncident } from './DeclareIncident.tsx';
import { IncidentList } from './IncidentList.tsx';
import type { Status } from './types.ts';
import './incidents.css';

export const INCIDENTS_FEED = '/api/v1/feeds/incidents.atom';

/** Feed readers find the status feed from the page itself. */
function useFeedLink(): void {
  useEffect(() => {
    const link = document.createElement('link');
    link.rel = 'alternate';
    link.type = 'application/atom+xml';
    link.title = 'opf status: incidents';
    link.href = INCIDENTS_FEED;
    document.head.append(link);
    return () => link.remove();
  }, []);
}

/** The public status page: every cluster now and over 90 days, open and recent incidents. */
export function StatusPage() {
  useFeedLink();
  const status = useApi<Status>('/api/v1/status');
  const canDeclare = useCanReview();
  return (
    <AppPage
      id="status"
      title="Status"
      description={
        <>
          Each cluster now and over the last 90 days, with every incident in the open.{' '}
          <a href={INCIDENTS_FEED} data-test="status-feed">
            Follow incidents (Atom feed)
          </a>
        </>
      }
    >
      <Loaded state={status} what="the status">
        {(data) => (
          <Grid hasGutter>
            <GridItem md={7}>
              <Panel title="Clusters" dataTest="status-clusters">
                <ul className="opf-cluster-status">
                  {data.clusters.map((cluster) => (
                    <ClusterDays key={cluster.id} cluster={cluster} />
                  ))}
                </ul>
                <p className="opf-muted opf-gap-top">As of {formatTime(data.generatedAt)}.</p>
              </Panel>
            </GridItem>
            <GridItem md={5}>
              <Panel title="Open incidents" dataTest="status-open">
                {data.open.length === 0 ? (
                  <Placeholder title="All clear" dataTest="status-all-clear">
                    No incident is open.
                  </Placeholder>
                ) : (
                  <IncidentList incidents={data.open} dataTest="open-incidents" />
                )}
              </Panel>
            </GridItem>
            <GridItem md={canDeclare ? 7 : 12}>
              <Panel
                title={`Resolved in the last ${data.windowDays} days`}
                dataTest="status-recent"
              >
                {data.recent.length === 0 ? (
                  <Placeholder title="None" dataTest="status-no-recent">
                    No incident was resolved in this window.
                  </Placeholder>
                ) : (
                  <IncidentList incidents={data.recent} dataTest="recent-incidents" />
                )}
              </Panel>
            </GridItem>
            {canDeclare && (
              <GridItem md={5}>
                <Panel title="Declare an incident" dataTest="status-declare">
                  <DeclareIncident />
                </Panel>
              </GridItem>
            )}
          </Grid>
        )}
      </Loaded>
    </AppPage>
  );
}
