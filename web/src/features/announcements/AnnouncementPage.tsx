import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { Link, useParams } from 'react-router';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { Markdown } from '../../shared/markdown.tsx';
import { formatTime } from '../../shared/time.ts';
import type { Announcement } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { AnnouncementDeliveries } from './Deliveries.tsx';
import { FeedLinks } from './FeedLinks.tsx';

/** One announcement, and where it was delivered. */
export function AnnouncementPage() {
  const id = useParams().id ?? '';
  const announcement = useApi<Announcement>(`/api/v1/announcements/${encodeURIComponent(id)}`);
  return (
    <Loaded state={announcement} what="the announcement">
      {(a) => (
        <AppPage
          id="announcement"
          title={a.title}
          description={`${a.kind.replace('-', ' ')}, ${formatTime(a.createdAt)}, by ${a.author}`}
        >
          <Grid hasGutter>
            <GridItem lg={7}>
              <Panel title="Text" dataTest="announcement-text">
                <Markdown text={a.body} dataTest="announcement-body" />
              </Panel>
            </GridItem>
            <GridItem lg={5}>
              <Panel title="Delivery" dataTest="announcement-deliveries">
                <p>
                  Sent to: {a.channels ? a.channels.join(', ') : 'every channel marked to announce'}
                </p>
                <AnnouncementDeliveries deliveries={a.deliveries} />
              </Panel>
            </GridItem>
          </Grid>
          <FeedLinks />
          <Link to="/announcements">All announcements</Link>
        </AppPage>
      )}
    </Loaded>
  );
}
