import { Label } from '@patternfly/react-core/dist/esm/components/Label';
import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { Link, useNavigate } from 'react-router';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { DataTable } from '../../shared/components/DataTable.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { useCanReview } from '../../shared/role.ts';
import type { NoticePage, NoticeSummary } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { shortDate } from '../engagement/ProjectEngagement.tsx';
import { PostNoticeForm } from './PostNoticeForm.tsx';

export const KIND_LABEL: Record<NoticeSummary['kind'], string> = {
  upgrade: 'Upgrade',
  maintenance: 'Maintenance',
  terms: 'New terms',
  general: 'Notice',
};

/** Notices projects must acknowledge, and how many answered (public); ops post them here. */
export function NoticesPage() {
  const page = useApi<NoticePage>('/api/v1/notices?limit=100');
  const canReview = useCanReview();
  const navigate = useNavigate();
  return (
    <AppPage
      id="notices"
      title="Notices"
      description="What the ops team asks every project to read and acknowledge: upgrade windows, maintenance, new terms. Who answered is public."
    >
      <Grid hasGutter>
        <GridItem span={12}>
          <Panel title="All notices" dataTest="notices-list">
            <Loaded state={page} what="the notices">
              {({ items }) =>
                items.length === 0 ? (
                  <p className="opf-muted" data-test="notices-none">
                    No notice was posted yet.
                  </p>
                ) : (
                  <DataTable
                    label="Notices"
                    dataTest="notices"
                    rowKey={(n) => n.id}
                    rows={items}
                    columns={[
                      {
                        title: 'Notice',
                        cell: (n) => <Link to={`/notices/${n.id}`}>{n.title}</Link>,
                      },
                      { title: 'Kind', cell: (n) => KIND_LABEL[n.kind] },
                      {
                        title: 'Answered',
                        cell: (n) => `${n.acknowledged} of ${n.recipients}`,
                      },
                      { title: 'Answer by', cell: (n) => shortDate(n.respondBy) },
                      {
                        title: 'State',
                        cell: (n) =>
                          n.closedAt ? (
                            <Label color="grey">Closed</Label>
                          ) : (
                            <Label color="blue">Open</Label>
                          ),
                      },
                    ]}
                  />
                )
              }
            </Loaded>
          </Panel>
        </GridItem>
        {canReview && (
          <GridItem span={12}>
            <PostNoticeForm onPosted={(notice) => navigate(`/notices/${notice.id}`)} />
          </GridItem>
        )}
      </Grid>
    </AppPage>
  );
}
