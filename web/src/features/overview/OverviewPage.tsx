import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import type { Overview } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { AtRiskProjects } from '../engagement/AtRiskProjects.tsx';
import { OpenIncidents } from '../incidents/OpenIncidents.tsx';
import { RecentActivity } from './RecentActivity.tsx';
import { RequestsByState } from './RequestsByState.tsx';
import { UpcomingMeetings } from './UpcomingMeetings.tsx';

// Loaded after the dashboard's first paint: the table's code is not needed for it.
const UsageOverview = lazy(() => import('../usage/UsageOverview.tsx'));

/**
 * What is happening now, from one answer of the API (GET /api/v1/overview) that every panel
 * reads, but the projects at risk, which ask their own (two API calls in all; see
 * src/server/routes/overview.ts and test/web/portal-frame.test.ts).
 */
export function OverviewPage() {
  const overview = useApi<Overview>('/api/v1/overview');
  return (
    <AppPage
      id="overview"
      title="Overview"
      description={
        <>
          What is happening on the cloud right now. Over a period, with its trends: the{' '}
          <Link to="/report" data-test="overview-cloud-report">
            cloud’s report
          </Link>
          .
        </>
      }
    >
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
          <OpenIncidents state={overview} />
        </GridItem>
        <GridItem md={12}>
          <AtRiskProjects />
        </GridItem>
        <GridItem md={12}>
          <Panel title="Usage against quota" dataTest="overview-usage">
            <Suspense fallback={null}>
              <UsageOverview state={overview} />
            </Suspense>
          </Panel>
        </GridItem>
      </Grid>
    </AppPage>
  );
}
