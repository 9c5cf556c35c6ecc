import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { lazy, Suspense, useEffect } from 'react';
import { useParams } from 'react-router';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { StateLabel } from '../../shared/components/StateLabel.tsx';
import { useCanReview } from '../../shared/role.ts';
import type { CapacityReport, QuotaTier, RequestDetail } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { OffboardingActions } from '../engagement/OffboardingActions.tsx';
import { ProjectEngagement } from '../engagement/ProjectEngagement.tsx';
import { AskedFor } from './AskedFor.tsx';
import { CommentForm } from './CommentForm.tsx';
import { Comments } from './Comments.tsx';
import { Deliveries } from './Deliveries.tsx';
import { PlannedChange } from './PlannedChange.tsx';
import { ProjectLinks } from './ProjectLinks.tsx';
import { ReviewActions } from './ReviewActions.tsx';
import { ReviewMeeting } from './ReviewMeeting.tsx';
import { TeamActions, teamHasActions } from './TeamActions.tsx';
import { TeamConsentPanel } from './TeamConsentPanel.tsx';
import { TeamMembers } from './TeamMembers.tsx';
import { Timeline } from './Timeline.tsx';
import { useTeamAccess } from './teamAccess.ts';
import { WhatLands } from './WhatLands.tsx';

/** The project's usage against its quotas (charts), loaded only for a project that runs. */
const ProjectUsage = lazy(() => import('../usage/ProjectUsage.tsx'));
const RUNS = new Set(['provisioning', 'active', 'offboarding']);

/** While the approved change is being delivered, look again this often. */
const DELIVERY_POLL_MS = 2000;
const DELIVERING = new Set(['approved', 'provisioning', 'offboarding']);

/** One request, in the open: where it stands, what was said, what landed in the repository. */
export function RequestDetailPage() {
  const { id } = useParams();
  const detail = useApi<RequestDetail>(`/api/v1/requests/${encodeURIComponent(id ?? '')}`);
  const tiers = useApi<{ items: QuotaTier[] }>('/api/v1/quota-tiers');
  const canReview = useCanReview();
  const access = useTeamAccess(detail.data?.request);
  const capacity = useApi<CapacityReport>(
    `/api/v1/clusters/capacity?request=${encodeURIComponent(id ?? '')}`,
  );
  const overCapacity = (capacity.data?.requests[0]?.clusters ?? [])
    .filter((c) => c.over.length > 0)
    .map((c) => c.cluster);
  // After approval a job writes the change: follow it to provisioning, active and the commit.
  const state = detail.data?.request.state;
  const { reload } = detail;
  useEffect(() => {
    if (!state || !DELIVERING.has(state)) return;
    const timer = setInterval(reload, DELIVERY_POLL_MS);
    return () => clearInterval(timer);
  }, [state, reload]);
  return (
    <Loaded state={detail} what={`request ${id}`}>
      {({ request, history, historyTotal, comments, deliveries, allowedActions, teamConsent }) => (
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
            {teamConsent && (
              <GridItem span={12}>
                <TeamConsentPanel
                  request={request}
                  consent={teamConsent}
                  access={access}
                  onChanged={reload}
                />
              </GridItem>
            )}
            {(access.kind === 'member' || (access.kind === 'reviewer' && access.inTeam)) &&
              teamHasActions(request.state, allowedActions) && (
                <GridItem span={12}>
                  <TeamActions request={request} allowed={allowedActions} onChanged={reload} />
                </GridItem>
              )}
            {request.state === 'active' && (
              <GridItem span={12}>
                <ProjectLinks request={request} />
              </GridItem>
            )}
            {canReview && (
              <GridItem span={12}>
                <ReviewActions
                  request={request}
                  allowed={allowedActions}
                  overCapacity={overCapacity}
                  onChanged={reload}
                />
              </GridItem>
            )}
            {(request.state === 'active' || request.state === 'offboarding') && (
              <>
                <GridItem lg={6}>
                  <ProjectEngagement project={request.projectName} />
                </GridItem>
                {(canReview || access.kind === 'member') && (
                  <GridItem lg={6}>
                    <OffboardingActions
                      request={request}
                      who={canReview ? 'ops' : 'team'}
                      onChanged={reload}
                    />
                  </GridItem>
                )}
              </>
            )}
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
              <Comments comments={comments}>
                <CommentForm request={request} access={access} onPosted={reload} />
              </Comments>
            </GridItem>
            {request.state === 'active' && (
              <GridItem lg={6}>
                <TeamMembers project={request.projectName} />
              </GridItem>
            )}
            <GridItem span={12}>
              <WhatLands request={request} tiers={tiers.data?.items ?? []} report={capacity} />
            </GridItem>
            <GridItem span={12}>
              <PlannedChange id={request.id} state={request.state} />
            </GridItem>
            {RUNS.has(request.state) && (
              <GridItem span={12}>
                <Suspense fallback={null}>
                  <ProjectUsage project={request.projectName} />
                </Suspense>
              </GridItem>
            )}
          </Grid>
        </AppPage>
      )}
    </Loaded>
  );
}
