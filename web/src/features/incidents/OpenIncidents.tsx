import { Link } from 'react-router';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { Placeholder } from '../../shared/components/Placeholder.tsx';
import type { Overview } from '../../shared/types.ts';
import type { Loaded as LoadedState } from '../../shared/useApi.ts';
import { IncidentList } from './IncidentList.tsx';

/** The overview's panel: what is on fire now (from the overview's answer), linked to the status
 *  page. */
export function OpenIncidents({ state }: { state: LoadedState<Overview> }) {
  const open = { ...state, data: state.data && { items: state.data.incidents } };
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
