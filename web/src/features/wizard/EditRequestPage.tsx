import { Spinner } from '@patternfly/react-core/dist/esm/components/Spinner';
import { Bullseye } from '@patternfly/react-core/dist/esm/layouts/Bullseye';
import { useParams } from 'react-router';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { LinkButton } from '../../shared/components/LinkButton.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Notice } from '../../shared/components/Notice.tsx';
import type { Cluster, QuotaTier, RequestDetail, TermsVersion } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { actsForTeam, useTeamAccess } from '../requests/teamAccess.ts';
import { RequestWizard } from './RequestWizard.tsx';
import { editRequestTarget } from './target.ts';

/**
 * The wizard on an existing request, for its team: filled with what the request asks for,
 * saved with the version it was made from (PUT with If-Match).
 */
export function EditRequestPage() {
  const { id } = useParams();
  const detail = useApi<RequestDetail>(`/api/v1/requests/${encodeURIComponent(id ?? '')}`);
  const clusters = useApi<{ items: Cluster[] }>('/api/v1/clusters');
  const tiers = useApi<{ items: QuotaTier[] }>('/api/v1/quota-tiers');
  const terms = useApi<TermsVersion>('/api/v1/terms/current');
  const access = useTeamAccess(detail.data?.request);
  return (
    <Loaded state={detail} what={`request ${id}`}>
      {({ request, allowedActions }) => {
        const back = (
          <LinkButton to={`/requests/${request.id}`} dataTest="edit-back" variant="secondary">
            Back to the request
          </LinkButton>
        );
        if (access.kind === 'checking')
          return (
            <Bullseye>
              <Spinner size="lg" aria-label="Checking your sign-in" />
            </Bullseye>
          );
        if (!actsForTeam(access) || !allowedActions.includes('update'))
          return (
            <AppPage id="request-edit" title={`Edit request #${request.id}`} actions={back}>
              <Notice
                variant="info"
                title="This request cannot be edited here"
                dataTest="edit-refused"
              >
                {!allowedActions.includes('update')
                  ? `It is ${request.state.replaceAll('-', ' ')}: only a draft, a submitted request or one with changes requested can be edited.`
                  : access.kind === 'anonymous'
                    ? 'Sign in (top right) as a member of its team to edit it.'
                    : `Only the team of ${request.spec.team.name} and the reviewers edit it; you are signed in as ${'login' in access ? access.login : 'someone else'}.`}
              </Notice>
            </AppPage>
          );
        return (
          <Loaded state={clusters} what="the clusters">
            {(c) => (
              <Loaded state={tiers} what="the quota tiers">
                {(t) => (
                  <Loaded state={terms} what="the terms">
                    {(current) => (
                      <RequestWizard
                        // A new version (after a conflict) starts the wizard again from it.
                        key={request.version}
                        clusters={c.items}
                        tiers={t.items}
                        terms={current}
                        target={editRequestTarget(request, current.version)}
                        onConflict={detail.reload}
                      />
                    )}
                  </Loaded>
                )}
              </Loaded>
            )}
          </Loaded>
        );
      }}
    </Loaded>
  );
}
