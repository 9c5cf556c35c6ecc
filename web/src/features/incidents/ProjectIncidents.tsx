import { Link } from 'react-router';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { Placeholder } from '../../shared/components/Placeholder.tsx';
import { useApi } from '../../shared/useApi.ts';
import { IncidentList } from './IncidentList.tsx';
import type { Incident } from './types.ts';
import './incidents.css';

/**
 * The incidents that touched one project (its namespaces' alerts, or named by ops), newest
 * first: for the project's page.
 */
export function ProjectIncidents({ project }: { project: string }) {
  const incidents = useApi<{ items: Incident[] }>(
    `/api/v1/incidents?project=${encodeURIComponent(project)}&limit=20`,
  );
  return (
    <Panel title="Incidents" dataTest="project-incidents">
      <Loaded state={incidents} what="the project's incidents">
        {({ items }) =>
          items.length === 0 ? (
            <Placeholder title="None" dataTest="project-no-incidents">
              No incident has touched this project. <Link to="/status">Cloud status</Link>
            </Placeholder>
          ) : (
            <IncidentList incidents={items} dataTest="project-incident-list" />
          )
        }
      </Loaded>
    </Panel>
  );
}
