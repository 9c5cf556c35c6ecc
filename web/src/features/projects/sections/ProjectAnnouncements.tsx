import { Link } from 'react-router';
import { Panel } from '../../../shared/components/Panel.tsx';
import { formatTime } from '../../../shared/time.ts';
import type { Announcement } from '../../../shared/types.ts';
import { useApi } from '../../../shared/useApi.ts';
import type { ProjectSectionProps } from '../sections.tsx';

/** Announcements that name the project; no panel at all when none does. */
export function ProjectAnnouncements({ name }: ProjectSectionProps) {
  const list = useApi<{ items: Announcement[] }>(
    `/api/v1/announcements?mentions=${encodeURIComponent(name)}&limit=20`,
  );
  const items = list.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Panel title="Announcements" dataTest="project-announcements">
      <ul className="opf-recent">
        {items.map((a) => (
          <li key={a.id} data-test="project-announcement">
            <Link to={`/announcements/${a.id}`}>{a.title}</Link>{' '}
            <span className="opf-muted">{formatTime(a.createdAt)}</span>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
