import { Label } from '@patternfly/react-core/dist/esm/components/Label';
import type { ClusterStatus, Incident } from './types.ts';

const SEVERITY_COLOR = { critical: 'red', major: 'orange', minor: 'yellow' } as const;
const STATE_COLOR = {
  operational: 'green',
  degraded: 'yellow',
  'partial-outage': 'orange',
  'major-outage': 'red',
} as const;

/** Words always shown: the colour only repeats them. */
export function SeverityLabel({ severity }: { severity: Incident['severity'] }) {
  return (
    <Label color={SEVERITY_COLOR[severity]} data-test="severity-label">
      {severity}
    </Label>
  );
}

export function IncidentStatusLabel({ status }: { status: Incident['status'] }) {
  return (
    <Label color={status === 'open' ? 'red' : 'green'} data-test="incident-status">
      {status}
    </Label>
  );
}

export function ClusterStateLabel({ state }: { state: ClusterStatus['state'] }) {
  return (
    <Label color={STATE_COLOR[state]} data-test="cluster-state">
      {state.replace('-', ' ')}
    </Label>
  );
}
