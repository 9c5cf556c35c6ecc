import { Link } from 'react-router';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import type { EngagementRecord } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { EngagementLabel } from './ProjectEngagement.tsx';

/**
 * The overview's list of projects at risk or inactive, each with its reasons: the page's one
 * call besides GET /api/v1/overview (records worked out per project; see overview.ts).
 */
export function AtRiskProjects() {
  const records = useApi<{ items: EngagementRecord[] }>(
    '/api/v1/engagement?status=at-risk&status=inactive',
  );
  return (
    <Panel title="Projects at risk" dataTest="overview-at-risk">
      <Loaded state={records} what="the engagement records">
        {({ items }) =>
          items.length === 0 ? (
            <p className="opf-muted" data-test="at-risk-none">
              Every active project is engaged.
            </p>
          ) : (
            <ul className="opf-recent">
              {items.map((r) => (
                <li key={r.project} data-test="at-risk-row">
                  <EngagementLabel status={r.status} />{' '}
                  {r.requestId ? (
                    <Link to={`/requests/${r.requestId}`}>{r.displayName}</Link>
                  ) : (
                    r.displayName
                  )}
                  : {r.reasons.map((reason) => reason.text).join('; ')}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </Panel>
  );
}
