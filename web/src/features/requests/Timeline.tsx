import { ProgressStep, ProgressStepper } from '@patternfly/react-core';
import { Panel } from '../../shared/components/index.ts';
import { formatTime } from '../../shared/time.ts';
import type { AuditEventView, RequestState } from '../../shared/types.ts';
import { describeEvent } from './describe.ts';

/** The road every request travels; side exits (rejected, withdrawn) show as the last step. */
const ROAD: RequestState[] = ['submitted', 'in-review', 'approved', 'provisioning', 'active'];
const AT_STEP: Partial<Record<RequestState, number>> = {
  draft: -1,
  submitted: 0,
  'in-review': 1,
  'changes-requested': 1,
  approved: 2,
  provisioning: 3,
  active: 4,
  offboarding: 4,
  offboarded: 4,
};

function variantOf(index: number, current: number, state: RequestState) {
  if (index < current) return 'success' as const;
  if (index > current) return 'pending' as const;
  if (state === 'changes-requested') return 'warning' as const;
  if (state === 'rejected' || state === 'withdrawn') return 'danger' as const;
  return state === 'active' ? ('success' as const) : ('info' as const);
}

export function Timeline(props: { state: RequestState; history: AuditEventView[] }) {
  const current = AT_STEP[props.state] ?? 1;
  return (
    <Panel title="Status" dataTest="timeline">
      <ProgressStepper aria-label="Where the request stands" isVertical>
        {ROAD.map((step, index) => (
          <ProgressStep
            key={step}
            id={`step-${step}`}
            titleId={`step-${step}-title`}
            variant={variantOf(index, current, props.state)}
            {...(index === current && { isCurrent: true })}
          >
            {index === current && !ROAD.includes(props.state)
              ? props.state.replaceAll('-', ' ')
              : step.replaceAll('-', ' ')}
          </ProgressStep>
        ))}
      </ProgressStepper>
      <ol className="opf-history" data-test="history">
        {props.history.map((event) => (
          <li key={event.id} data-test="history-event">
            <time dateTime={event.at}>{formatTime(event.at)}</time> {describeEvent(event)}
            {event.reason && <div className="opf-muted">“{event.reason}”</div>}
          </li>
        ))}
      </ol>
    </Panel>
  );
}
