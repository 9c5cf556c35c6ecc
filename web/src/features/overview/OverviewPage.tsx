import { Grid, GridItem } from '@patternfly/react-core';
import { AppPage, Panel, Placeholder } from '../../shared/components/index.ts';
import { AtRiskProjects } from '../engagement/AtRiskProjects.tsx';
import { OpenIncidents } from '../incidents/OpenIncidents.tsx';
import { RecentActivity } from './RecentActivity.tsx';
import { RequestsByState } from './RequestsByState.tsx';
import { UpcomingMeetings } from './UpcomingMeetings.tsx';

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
        <GridItem md={8}>
          <AtRiskProjects />
        </GridItem>
        <GridItem md={4}>
          <OpenIncidents />
        </GridItem>
        <GridItem md={4}>
          <Panel title="Usage against quota" dataTest="overview-usage">
            <Placeholder title="Not yet" dataTest="usage-pending">
              Usage arrives with the telemetry capability.
            </Placeholder>
          </Panel>
        </GridItem>
      </Grid>
    </AppPage>
  );
}
