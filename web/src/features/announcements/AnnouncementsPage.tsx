import { Label } from '@patternfly/react-core/dist/esm/components/Label';
import { Link } from 'react-router';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { useCanReview } from '../../shared/role.ts';
import { formatTime } from '../../shared/time.ts';
import type { Announcement } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { ComposeAnnouncement } from './ComposeAnnouncement.tsx';
import { FeedLinks } from './FeedLinks.tsx';

/** Every announcement, newest first; ops compose new ones here. */
export function AnnouncementsPage() {
  const list = useApi<{ items: Announcement[] }>('/api/v1/announcements');
  const isOps = useCanReview();
  return (
    <AppPage
      id="announcements"
      title="Announcements"
      description="Maintenance, upgrades, incidents and new projects: what the ops team tells the community."
    >
      <FeedLinks />
      {isOps && <ComposeAnnouncement />}
      <Panel title="All announcements" dataTest="announcement-list">
        <Loaded state={list} what="the announcements">
          {({ items }) =>
            items.length === 0 ? (
              <p>Nothing has been announced yet.</p>
            ) : (
              <ul className="opf-recent">
                {items.map((a) => (
                  <li key={a.id} data-test="announcement">
                    <Label isCompact>{a.kind}</Label>{' '}
                    <Link to={`/announcements/${a.id}`}>{a.title}</Link>{' '}
                    <span className="opf-muted">
                      {formatTime(a.createdAt)} by {a.author}
                    </span>
                  </li>
                ))}
              </ul>
            )
          }
        </Loaded>
      </Panel>
    </AppPage>
  );
}
