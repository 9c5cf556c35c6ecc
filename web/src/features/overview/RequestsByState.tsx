import { Link } from 'react-router';
import { Notice } from '../../shared/components/Notice.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { StateLabel } from '../../shared/components/StateLabel.tsx';
import type { RequestState } from '../../shared/types.ts';

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

/** One count per state, from the overview's answer ('…' until it arrives). */
export function RequestsByState(props: {
  counts: Record<string, number> | undefined;
  error: Error | undefined;
}) {
  const { counts } = props;
  const error = props.error?.message;
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
