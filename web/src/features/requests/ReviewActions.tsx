import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { ActionGroup, Form } from '@patternfly/react-core/dist/esm/components/Form';
import { Flex, FlexItem } from '@patternfly/react-core/dist/esm/layouts/Flex';
import { useState } from 'react';
import { ApiError, api, isStale } from '../../shared/api.ts';
import { Notice } from '../../shared/components/Notice.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { TextField } from '../../shared/components/TextField.tsx';
import type { RequestAction, RequestState, RequestView } from '../../shared/types.ts';

type ReviewAction = Extract<
  RequestAction,
  'start-review' | 'request-changes' | 'approve' | 'reject'
>;

const ACTIONS: {
  action: ReviewAction;
  label: string;
  variant: 'primary' | 'secondary' | 'danger';
  /** Actions that must say why: the reason goes to the project (and the audit log). */
  reason?: { label: string; hint: string };
  done: string;
  /** The states the done message stays true in (once the request moves on, it goes). */
  holds: RequestState[];
}[] = [
  {
    action: 'start-review',
    label: 'Start review',
    variant: 'secondary',
    done: 'Review started.',
    holds: ['in-review'],
  },
  {
    action: 'request-changes',
    label: 'Request changes',
    variant: 'secondary',
    reason: {
      label: 'What should change',
      hint: 'Posted as a comment for the project to read.',
    },
    done: 'Changes requested: the project has your comment.',
    holds: ['changes-requested'],
  },
  {
    action: 'approve',
    label: 'Approve',
    variant: 'primary',
    done: 'Approved: the change is being written to the GitOps repository.',
    holds: ['approved', 'provisioning'],
  },
  {
    action: 'reject',
    label: 'Reject',
    variant: 'danger',
    reason: { label: 'Why it is rejected', hint: 'The project reads this reason.' },
    done: 'Rejected.',
    holds: ['rejected'],
  },
];

/**
 * The review actions the request's state allows, for ops and admin. Each carries the version
 * the reviewer saw: if someone acted in between, the API answers 409 and the page reloads.
 */
export function ReviewActions(props: {
  request: RequestView;
  allowed: RequestAction[];
  /** Clusters this request would take over capacity: said here, before anyone approves. */
  overCapacity: string[];
  onChanged: () => void;
}) {
  const { request } = props;
  const [open, setOpen] = useState<ReviewAction | undefined>();
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<{
    ok: boolean;
    title: string;
    text?: string;
    holds?: RequestState[];
  }>();
  const [busy, setBusy] = useState(false);
  const available = ACTIONS.filter((a) => props.allowed.includes(a.action));

  const run = async (action: (typeof ACTIONS)[number]) => {
    setBusy(true);
    setFieldError(undefined);
    try {
      await api.post(`/api/v1/requests/${request.id}/${action.action}`, {
        version: request.version,
        ...(action.reason && { reason }),
      });
      setOutcome({ ok: true, title: action.done, holds: action.holds });
      setOpen(undefined);
      setReason('');
      props.onChanged();
    } catch (error) {
      const problem = error instanceof ApiError ? error : undefined;
      const atField = problem?.details.find((d) => d.path === 'reason');
      if (atField && action.reason) setFieldError(problem?.message ?? atField.message);
      else if (isStale(problem)) {
        setOutcome({
          ok: false,
          title: 'Someone else changed this request first',
          text: `${problem.message}. The page now shows the request as it is; check it and act again.`,
        });
        setOpen(undefined);
        props.onChanged();
      } else setOutcome({ ok: false, title: 'The action failed', text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const chosen = ACTIONS.find((a) => a.action === open);
  return (
    <Panel title="Review" dataTest="review-actions">
      {outcome && (!outcome.holds || outcome.holds.includes(request.state)) && (
        <Notice
          variant={outcome.ok ? 'success' : 'danger'}
          title={outcome.title}
          dataTest={outcome.ok ? 'review-done' : 'review-error'}
        >
          {outcome.text}
        </Notice>
      )}
      {props.overCapacity.length > 0 && props.allowed.includes('approve') && (
        <Notice
          variant="warning"
          title={`Approving would take ${props.overCapacity.join(', ')} over capacity`}
          dataTest="review-capacity-warning"
        >
          See what lands on each cluster, below.
        </Notice>
      )}
      {available.length === 0 ? (
        <p className="opf-muted" data-test="review-nothing">
          Nothing to review in this state ({request.state.replaceAll('-', ' ')}).
        </p>
      ) : chosen?.reason ? (
        <Form
          className="opf-gap-top"
          onSubmit={(event) => {
            event.preventDefault();
            void run(chosen);
          }}
        >
          <TextField
            id="review-reason"
            label={chosen.reason.label}
            hint={chosen.reason.hint}
            value={reason}
            onChange={setReason}
            error={fieldError}
            isRequired
            multiline
          />
          <ActionGroup>
            <Button
              type="submit"
              variant={chosen.variant}
              isDisabled={busy}
              data-test="review-send"
            >
              {chosen.label}
            </Button>
            <Button
              variant="link"
              data-test="review-cancel"
              onClick={() => {
                setOpen(undefined);
                setFieldError(undefined);
              }}
            >
              Cancel
            </Button>
          </ActionGroup>
        </Form>
      ) : (
        <Flex className="opf-gap-top">
          {available.map((action) => (
            <FlexItem key={action.action}>
              <Button
                variant={action.variant}
                isDisabled={busy}
                data-test={`review-${action.action}`}
                onClick={() => {
                  setOutcome(undefined);
                  if (action.reason) setOpen(action.action);
                  else void run(action);
                }}
              >
                {action.label}
              </Button>
            </FlexItem>
          ))}
        </Flex>
      )}
    </Panel>
  );
}
