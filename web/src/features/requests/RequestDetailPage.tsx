import { Grid, GridItem } from '@patternfly/react-core';
import { useParams } from 'react-router';
import { AppPage, Loaded, StateLabel } from '../../shared/components/index.ts';
import type { QuotaTier, RequestDetail } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { AskedFor } from './AskedFor.tsx';
import { Comments } from './Comments.tsx';
import { Deliveries } from './Deliveries.tsx';
import { PlannedChange } from './PlannedChange.tsx';
import { ReviewMeeting } from './ReviewMeeting.tsx';
import { TeamMembers } from './TeamMembers.tsx';
import { Timeline } from './Timeline.tsx';

/** One request, in the open: where it stands, what was said, what landed in the repository. */
export function RequestDetailPage() {
  const { id } = useParams();
  const detail = useApi<RequestDetail>(`/api/v1/requests/${encodeURIComponent(id ?? '')}`);
  const tiers = useApi<{ items: QuotaTier[] }>('/api/v1/quota-tiers');
  return (
    <Loaded state={detail} what={`request ${id}`}>
      {({ request, history, historyTotal, comments, deliveries }) => (
        <AppPage
          id="request-detail"
          title={`Request #${request.id}: ${request.spec.project.displayName ?? request.projectName}`}
          description={
            <>
              <StateLabel state={request.state} /> Asked by {request.createdBy}; version{' '}
              {request.version}.
            </>
          }
        >
          <ReviewMeeting state={request.state} />
          <Grid hasGutter className="opf-gap-top">
            <GridItem lg={6}>
              <Timeline
                requestId={request.id}
                state={request.state}
                history={history}
                historyTotal={historyTotal}
              />
            </GridItem>
            <GridItem lg={6}>
              <Deliveries deliveries={deliveries} />
            </GridItem>
            <GridItem lg={6}>
              <AskedFor spec={request.spec} tiers={tiers.data?.items ?? []} />
            </GridItem>
            <GridItem lg={6}>
              <Comments comments={comments} />
            </GridItem>
            {request.state === 'active' && (
              <GridItem lg={6}>
                <TeamMembers project={request.projectName} />
              </GridItem>
            )}
            <GridItem span={12}>
              <PlannedChange id={request.id} state={request.state} />
            </GridItem>
          </Grid>
        </AppPage>
      )}
    </Loaded>
  );
}
