import { Link } from 'react-router';
import { Loaded, Panel, Placeholder } from '../../shared/components/index.ts';
import { useApi } from '../../shared/useApi.ts';
import { IncidentList } from './IncidentList.tsx';
import type { Incident } from './types.ts';

/** The overview's panel: what is on fire now, linked to the status page. */
export function OpenIncidents() {
  const open = useApi<{ items: Incident[] }>('/api/v1/incidents?status=open&limit=5');
  return (
    <Panel title="Open incidents" dataTest="overview-incidents">
      <Loaded state={open} what="open incidents">
        {({ items }) =>
          items.length === 0 ? (
            <Placeholder title="All clear" dataTest="incidents-none-open">
              No incident is open. <Link to="/status">Status page</Link>
            </Placeholder>
          ) : (
            <>
              <IncidentList incidents={items} dataTest="overview-incident-list" />
              <p className="opf-gap-top">
                <Link to="/status">Status page</Link>
              </p>
            </>
          )
        }
      </Loaded>
    </Panel>
  );
}
