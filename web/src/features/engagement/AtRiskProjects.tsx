import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { useState } from 'react';
import { Link } from 'react-router';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import type { EngagementRecord } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { EngagementLabel } from './ProjectEngagement.tsx';

/** The worst records the overview shows at first; the rest come when asked for. */
const FIRST_SHOWN = 10;
const AT_RISK = '/api/v1/engagement?status=at-risk&status=inactive';

/**
 * The overview's list of projects at risk or inactive, worst first, each with its reasons:
 * the page's one call besides GET /api/v1/overview (see overview.ts). A large cloud can have
 * thousands: the first ten come with the page, the rest when the reader asks for them.
 */
export function AtRiskProjects() {
  const [all, setAll] = useState(false);
  const records = useApi<{ items: EngagementRecord[]; total: number }>(
    all ? AT_RISK : `${AT_RISK}&limit=${FIRST_SHOWN}`,
  );
  return (
    <Panel title="Projects at risk" dataTest="overview-at-risk">
      <Loaded state={records} what="the engagement records">
        {({ items, total }) =>
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
              {total > items.length && (
                <li>
                  <Button
                    variant="link"
                    isInline
                    onClick={() => setAll(true)}
                    data-test="at-risk-all"
                  >
                    Show all {total}
                  </Button>
                </li>
              )}
            </ul>
          )
        }
      </Loaded>
    </Panel>
  );
}
