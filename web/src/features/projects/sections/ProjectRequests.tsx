import { Link } from 'react-router';
import { Loaded } from '../../../shared/components/Loaded.tsx';
import { Panel } from '../../../shared/components/Panel.tsx';
import { StateLabel } from '../../../shared/components/StateLabel.tsx';
import { formatTime } from '../../../shared/time.ts';
import type { RequestPage } from '../../../shared/types.ts';
import { useApi } from '../../../shared/useApi.ts';
import type { ProjectSectionProps } from '../sections.tsx';

/** Every request the project made, newest first, with where each one stands or ended. */
export function ProjectRequests({ name }: ProjectSectionProps) {
  const requests = useApi<RequestPage>(
    `/api/v1/requests?project=${encodeURIComponent(name)}&order=newest&limit=50`,
  );
  return (
    <Panel title="Requests and decisions" dataTest="project-requests">
      <Loaded state={requests} what="the project's requests">
        {({ items }) =>
          items.length === 0 ? (
            <p>No request names this project.</p>
          ) : (
            <ul className="opf-recent">
              {items.map((r) => (
                <li key={r.id} data-test="project-request">
                  <Link to={`/requests/${r.id}`}>Request #{r.id}</Link>{' '}
                  <StateLabel state={r.state} />{' '}
                  <span className="opf-muted">
                    {r.decidedAt
                      ? `decided ${formatTime(r.decidedAt)}`
                      : r.submittedAt
                        ? `submitted ${formatTime(r.submittedAt)}`
                        : `created ${formatTime(r.createdAt)}`}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </Panel>
  );
}
