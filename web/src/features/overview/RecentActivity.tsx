import { Link } from 'react-router';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { Placeholder } from '../../shared/components/Placeholder.tsx';
import { StateLabel } from '../../shared/components/StateLabel.tsx';
import { formatTime } from '../../shared/time.ts';
import type { Overview } from '../../shared/types.ts';
import type { Loaded as LoadedState } from '../../shared/useApi.ts';

/** The newest requests, from the overview's answer. */
export function RecentActivity({ state }: { state: LoadedState<Overview> }) {
  const recent = {
    ...state,
    data: state.data && { items: state.data.recent },
  };
  return (
    <Panel title="Recent requests" dataTest="recent-activity">
      <Loaded state={recent} what="recent requests">
        {(page) =>
          page.items.length === 0 ? (
            <Placeholder title="Nothing yet" dataTest="recent-empty">
              No project has asked yet.
            </Placeholder>
          ) : (
            <ul className="opf-recent">
              {page.items.map((request) => (
                <li key={request.id} data-test="recent-request">
                  <Link to={`/requests/${request.id}`}>
                    #{request.id} {request.spec.project.displayName ?? request.projectName}
                  </Link>{' '}
                  <StateLabel state={request.state} />{' '}
                  <span className="opf-muted">updated {formatTime(request.updatedAt)}</span>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </Panel>
  );
}
