import { Label } from '@patternfly/react-core/dist/esm/components/Label';
import type { RequestState } from '../types.ts';

type Color = 'blue' | 'green' | 'orange' | 'red' | 'grey' | 'purple' | 'teal';

const COLORS: Record<string, Color> = {
  draft: 'grey',
  submitted: 'blue',
  'in-review': 'purple',
  'changes-requested': 'orange',
  approved: 'teal',
  provisioning: 'teal',
  active: 'green',
  rejected: 'red',
  offboarding: 'orange',
  offboarded: 'grey',
  withdrawn: 'grey',
  requested: 'blue',
  closed: 'grey',
  revoked: 'red',
  expired: 'orange',
};

/** A request's (or project's) state as a coloured label, with the words always shown. */
export function StateLabel({ state }: { state: RequestState | string }) {
  return (
    <Label color={COLORS[state] ?? 'grey'} data-test="state-label">
      {state.replaceAll('-', ' ')}
    </Label>
  );
}
