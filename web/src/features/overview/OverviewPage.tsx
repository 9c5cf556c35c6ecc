import { Grid, GridItem } from '@patternfly/react-core';
import { lazy, Suspense } from 'react';
import { AppPage, Loaded, Panel } from '../../shared/components/index.ts';
import type { Overview } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { AtRiskProjects } from '../engagement/AtRiskProjects.tsx';
import { OpenIncidents } from '../incidents/OpenIncidents.tsx';
import { RecentActivity } from './RecentActivity.tsx';
import { RequestsByState } from './RequestsByState.tsx';
import { UpcomingMeetings } from './UpcomingMeetings.tsx';

// Loaded after the dashboard's first paint: the usage table is not in the entry bundle.
const UsageOverview = lazy(() => import('../usage/UsageOverview.tsx'));

/**
 * What is happening now: one answer of the API (GET /api/v1/overview), and the panels of the
 * capabilities that load their own (incidents, engagement, usage).
 */

export function OverviewPage() {
  const overview = useApi<Overview>('/api/v1/overview');
  return (
    <AppPage id="overview" title="Overview" description="What is happening on the cloud right now.">
      <Grid hasGutter>
        <GridItem md={6}>
          <RequestsByState counts={overview.data?.counts} error={overview.error} />
        </GridItem>
        <GridItem md={6}>
          <RecentActivity state={overview} />
        </GridItem>
        <GridItem md={6}>
          <Loaded state={overview} what="the meetings">
            {(answer) => <UpcomingMeetings meetings={answer.meetings} />}
          </Loaded>
        </GridItem>
        <GridItem md={6}>
          <OpenIncidents />
        </GridItem>
        <GridItem md={12}>
          <AtRiskProjects />
        </GridItem>
        <GridItem md={12}>
          <Panel title="Usage against quota" dataTest="overview-usage">
            <Suspense fallback={null}>
              <UsageOverview />
            </Suspense>
          </Panel>
        </GridItem>
      </Grid>
    </AppPage>
  );
}
