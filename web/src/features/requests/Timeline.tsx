import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import {
  ProgressStep,
  ProgressStepper,
} from '@patternfly/react-core/dist/esm/components/ProgressStepper';
import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { Panel } from '../../shared/components/Panel.tsx';
import { formatTime } from '../../shared/time.ts';
import type { AuditEventView, HistoryPage, RequestState } from '../../shared/types.ts';
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

export function Timeline(props: {
  requestId: number;
  state: RequestState;
  history: AuditEventView[];
  historyTotal: number;
}) {
  const current = AT_STEP[props.state] ?? 1;
  const earlier = useEarlierEvents(props.requestId, props.history);
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
        {[...earlier.events, ...props.history].map((event) => (
          <li key={event.id} data-test="history-event">
            <time dateTime={event.at}>{formatTime(event.at)}</time> {describeEvent(event)}
            {event.reason && <div className="opf-muted">“{event.reason}”</div>}
          </li>
        ))}
      </ol>
      {!earlier.done && earlier.events.length + props.history.length < props.historyTotal && (
        <Button
          variant="link"
          isInline
          isLoading={earlier.loading}
          onClick={earlier.load}
          data-test="history-earlier"
        >
          Show earlier events ({props.historyTotal - earlier.events.length - props.history.length}{' '}
          more)
        </Button>
      )}
      {earlier.error && <div className="opf-muted">{earlier.error}</div>}
    </Panel>
  );
}

/**
 * A long history arrives newest first in pages; earlier ones load on demand. When the page
 * reloads and the newest page has moved on, the events loaded before no longer join it
 * without a gap: they are dropped and load again from the new edge.
 */
function useEarlierEvents(requestId: number, newest: AuditEventView[]) {
  const edge = newest[0]?.id;
  const [loaded, setLoaded] = useState<{ edge?: number; events: AuditEventView[]; done: boolean }>({
    events: [],
    done: false,
  });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const current = loaded.edge === edge ? loaded : { edge, events: [], done: false };
  const load = async () => {
    const before = (current.events[0] ?? newest[0])?.id;
    if (before === undefined) return;
    setLoading(true);
    try {
      const page = await api.get<HistoryPage>(
        `/api/v1/requests/${requestId}/history?before=${before}&limit=100`,
      );
      setLoaded({
        edge,
        events: [...page.items, ...current.events],
        done: page.nextBefore === null,
      });
      setError(undefined);
    } catch (failure) {
      setError(`Earlier events could not be loaded: ${(failure as Error).message}`);
    } finally {
      setLoading(false);
    }
  };
  return { events: current.events, done: current.done, loading, error, load };
}
