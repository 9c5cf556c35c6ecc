import { Grid, GridItem } from '@patternfly/react-core';
import { lazy, Suspense } from 'react';
import { AppPage, Panel, Placeholder } from '../../shared/components/index.ts';
import { RecentActivity } from './RecentActivity.tsx';
import { RequestsByState } from './RequestsByState.tsx';
import { UpcomingMeetings } from './UpcomingMeetings.tsx';

// Loaded after the dashboard's first paint: the usage table is not in the entry bundle.
const UsageOverview = lazy(() => import('../usage/UsageOverview.tsx'));

/** What is happening now. Panels of capabilities not built yet say so rather than pretend. */
export function OverviewPage() {
  return (
    <AppPage id="overview" title="Overview" description="What is happening on the cloud right now.">
      <Grid hasGutter>
        <GridItem md={6}>
          <RequestsByState />
        </GridItem>
        <GridItem md={6}>
          <RecentActivity />
        </GridItem>
        <GridItem md={4}>
          <UpcomingMeetings />
        </GridItem>
        <GridItem md={4}>
          <Panel title="Open incidents" dataTest="overview-incidents">
            <Placeholder title="Not yet" dataTest="incidents-pending">
              Incidents arrive with the operations capability.
            </Placeholder>
          </Panel>
        </GridItem>
        <GridItem md={4}>
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
