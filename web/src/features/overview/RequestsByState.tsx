import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../shared/api.ts';
import { Notice, Panel, StateLabel } from '../../shared/components/index.ts';
import type { RequestPage, RequestState, RequestView } from '../../shared/types.ts';

/** The states worth a glance; finished ones (rejected, withdrawn, offboarded) are left out. */
const STATES: RequestState[] = [
  'submitted',
  'in-review',
  'changes-requested',
  'approved',
  'provisioning',
  'active',
  'offboarding',
];

/** One count per state from the server's totals (limit=1: nothing but the count travels). */
export function RequestsByState() {
  const [counts, setCounts] = useState<Record<string, number>>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    Promise.all(
      STATES.map((state) =>
        api.get<RequestPage>(`/api/v1/requests?state=${state}&limit=1`).then((p) => p.total),
      ),
    ).then(
      (totals) => setCounts(Object.fromEntries(STATES.map((s, i) => [s, totals[i] ?? 0]))),
      (e: Error) => setError(e.message),
    );
  }, []);
  return (
    <Panel title="Requests by state" dataTest="requests-by-state">
      {error && (
        <Notice variant="danger" title="Could not count the requests" dataTest="counts-error">
          {error}
        </Notice>
      )}
      <table className="opf-counts">
        <caption className="pf-v6-screen-reader">Number of requests in each state</caption>
        <tbody>
          {STATES.map((state) => (
            <tr key={state} data-test={`count-${state}`}>
              <th scope="row">
                <StateLabel state={state} />
              </th>
              <td>{counts ? counts[state] : '…'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <Link to="/projects">All projects</Link>
      </p>
    </Panel>
  );
}
