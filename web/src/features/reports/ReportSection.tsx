import { Link } from 'react-router';
import { Panel } from '../../shared/components/Panel.tsx';
import type { ProjectSectionProps } from '../projects/sections.tsx';

/** The project page's pointer to its report: the page itself loads only when opened. */
export function ReportSection({ name }: ProjectSectionProps) {
  return (
    <Panel title="Report" dataTest="project-report-section">
      <p>
        How {name}’s software ran in production: CPU and memory against its quota, restarts and OOM
        kills, storage growth, incidents, notices, and what to do about them.
      </p>
      <p>
        <Link to={`/projects/${encodeURIComponent(name)}/report`} data-test="project-report-link">
          Read the report of the last 30 days
        </Link>
      </p>
    </Panel>
  );
}
