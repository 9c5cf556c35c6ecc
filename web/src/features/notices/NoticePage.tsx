import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { Content } from '@patternfly/react-core/dist/esm/components/Content';
import { Label } from '@patternfly/react-core/dist/esm/components/Label';
import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { DataTable } from '../../shared/components/DataTable.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { useCanReview } from '../../shared/role.ts';
import { useSession } from '../../shared/session.ts';
import { formatTime } from '../../shared/time.ts';
import { useToken } from '../../shared/token.ts';
import type { NoticeView } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { shortDate } from '../engagement/ProjectEngagement.tsx';
import { AcknowledgeForm } from './AcknowledgeForm.tsx';
import { KIND_LABEL } from './NoticesPage.tsx';

/** One notice: what it says, and every project it went to with its answer (public). */
export function NoticePage() {
  const { id } = useParams();
  const notice = useApi<NoticeView>(`/api/v1/notices/${encodeURIComponent(id ?? '')}`);
  const canReview = useCanReview();
  const session = useSession();
  const token = useToken();
  const signedIn = session !== undefined || token !== undefined;
  const [closeError, setCloseError] = useState<string>();
  return (
    <Loaded state={notice} what={`notice ${id}`}>
      {(n) => {
        const answered = n.recipients.filter((r) => r.acknowledgedAt).length;
        return (
          <AppPage
            id="notice"
            title={n.title}
            description={
              <>
                <Label color={n.closedAt ? 'grey' : 'blue'}>{n.closedAt ? 'Closed' : 'Open'}</Label>{' '}
                {KIND_LABEL[n.kind]} posted by {n.postedBy} on {formatTime(n.postedAt)}; answers by{' '}
                {shortDate(n.respondBy)}. Sent to{' '}
                {n.clusters.length
                  ? `projects on ${n.clusters.join(', ')}`
                  : 'every active project'}
                .
              </>
            }
            actions={
              canReview && !n.closedAt ? (
                <Button
                  variant="secondary"
                  data-test="close-notice"
                  onClick={() =>
                    api
                      .post(`/api/v1/notices/${n.id}/close`, {})
                      .then(notice.reload, (e: Error) => setCloseError(e.message))
                  }
                >
                  Close the notice
                </Button>
              ) : undefined
            }
          >
            <Grid hasGutter>
              <GridItem span={12}>
                <Panel title="The notice" dataTest="notice-body">
                  {closeError && <p className="opf-muted">{closeError}</p>}
                  {n.body.split('\n\n').map((paragraph) => (
                    <Content component="p" key={paragraph} className="opf-pre-line">
                      {paragraph}
                    </Content>
                  ))}
                </Panel>
              </GridItem>
              {signedIn && !n.closedAt && (
                <GridItem span={12}>
                  <AcknowledgeForm notice={n} onAnswered={notice.reload} />
                </GridItem>
              )}
              <GridItem span={12}>
                <Panel
                  title={`Answers: ${answered} of ${n.recipients.length}`}
                  dataTest="notice-answers"
                >
                  <DataTable
                    label="Answers per project"
                    dataTest="notice-recipients"
                    rowKey={(r) => r.project}
                    rows={n.recipients}
                    columns={[
                      { title: 'Project', cell: (r) => r.project },
                      {
                        title: 'Answer',
                        cell: (r) =>
                          r.acknowledgedAt ? (
                            <Label color="green">Acknowledged</Label>
                          ) : r.overdue ? (
                            <Label color="red">Overdue</Label>
                          ) : (
                            <Label color="orange">Not yet</Label>
                          ),
                      },
                      {
                        title: 'By',
                        cell: (r) =>
                          r.acknowledgedAt
                            ? `${r.acknowledgedBy} on ${formatTime(r.acknowledgedAt)}`
                            : '',
                      },
                      {
                        title: 'Waiting since',
                        cell: (r) => (r.waitingSince ? formatTime(r.waitingSince) : ''),
                      },
                    ]}
                  />
                </Panel>
              </GridItem>
            </Grid>
          </AppPage>
        );
      }}
    </Loaded>
  );
}
