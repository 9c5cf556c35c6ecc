import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { Content } from '@patternfly/react-core/dist/esm/components/Content';
import {
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
} from '@patternfly/react-core/dist/esm/components/Modal';
import { Flex, FlexItem } from '@patternfly/react-core/dist/esm/layouts/Flex';
import { useState } from 'react';
import { ApiError, api, isStale } from '../../shared/api.ts';
import { LinkButton } from '../../shared/components/LinkButton.tsx';
import { Notice } from '../../shared/components/Notice.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import type { RequestAction, RequestView } from '../../shared/types.ts';

/** What the team reads about where its request stands, and what it can do next. */
const GUIDANCE: Partial<Record<RequestView['state'], string>> = {
  draft: 'A draft: nobody reviews it until you submit it.',
  submitted: 'Waiting for a reviewer. You can still edit it until the review starts.',
  'in-review': 'Being reviewed, in the open: watch the comments.',
  'changes-requested':
    'The reviewers asked for changes (see the comments). Edit the request, then resubmit it.',
  withdrawn:
    'Withdrawn: nothing more happens to this request. To come back, bring the project again.',
  rejected: 'Rejected: the reason is in the history. You may bring the project again, changed.',
};

/** Whether the team has anything to read or do here (else the panel is left out). */
export function teamHasActions(state: RequestView['state'], allowed: RequestAction[]): boolean {
  return (
    GUIDANCE[state] !== undefined ||
    (['update', 'submit', 'withdraw'] as const).some((a) => allowed.includes(a))
  );
}

/**
 * The team's own actions on its request: edit, submit or resubmit, withdraw. Each carries the
 * version the page showed: if someone acted in between, the API answers 409 and the page
 * reloads.
 */
export function TeamActions(props: {
  request: RequestView;
  allowed: RequestAction[];
  onChanged: () => void;
}) {
  const { request, allowed } = props;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; title: string; text?: string }>();
  const guidance = GUIDANCE[request.state];
  const canEdit = allowed.includes('update');
  const canSubmit = allowed.includes('submit');
  const canWithdraw = allowed.includes('withdraw');

  const act = async (action: 'submit' | 'withdraw', done: string) => {
    setBusy(true);
    setOutcome(undefined);
    try {
      await api.post(`/api/v1/requests/${request.id}/${action}`, { version: request.version });
      setOutcome({ ok: true, title: done });
    } catch (error) {
      const problem = error instanceof ApiError ? error : undefined;
      setOutcome(
        isStale(problem)
          ? {
              ok: false,
              title: 'Someone else changed this request first',
              text: `${problem.message}. The page now shows the request as it is; check it and act again.`,
            }
          : { ok: false, title: 'The action failed', text: (error as Error).message },
      );
    } finally {
      setBusy(false);
      setConfirming(false);
      props.onChanged();
    }
  };

  const resubmit = request.state === 'changes-requested';
  return (
    <Panel title="Your request" dataTest="team-actions">
      {outcome && (
        <Notice
          variant={outcome.ok ? 'success' : 'danger'}
          title={outcome.title}
          dataTest={outcome.ok ? 'team-action-done' : 'team-action-error'}
        >
          {outcome.text}
        </Notice>
      )}
      {guidance && (
        <Content component="p" data-test="team-guidance">
          {guidance}
        </Content>
      )}
      <Flex className="opf-gap-top">
        {canEdit && (
          <FlexItem>
            <LinkButton
              to={`/requests/${request.id}/edit`}
              dataTest="request-edit"
              variant={resubmit ? 'primary' : 'secondary'}
            >
              Edit request
            </LinkButton>
          </FlexItem>
        )}
        {canSubmit && (
          <FlexItem>
            <Button
              variant={resubmit ? 'secondary' : 'primary'}
              isDisabled={busy}
              data-test="request-submit"
              onClick={() =>
                void act(
                  'submit',
                  resubmit
                    ? 'Resubmitted: the reviewers see it again.'
                    : 'Submitted: the reviewers see it now.',
                )
              }
            >
              {resubmit ? 'Resubmit' : 'Submit'}
            </Button>
          </FlexItem>
        )}
        {canWithdraw && (
          <FlexItem>
            <Button
              variant="danger"
              isDisabled={busy}
              data-test="request-withdraw"
              onClick={() => setConfirming(true)}
            >
              Withdraw
            </Button>
          </FlexItem>
        )}
      </Flex>
      <Modal
        variant="small"
        isOpen={confirming}
        onClose={() => setConfirming(false)}
        aria-labelledby="withdraw-dialog-title"
        data-test="withdraw-dialog"
      >
        <ModalHeader title={`Withdraw request #${request.id}?`} labelId="withdraw-dialog-title" />
        <ModalBody>
          It will not be reviewed, and the project name {request.projectName} and its namespaces are
          free for others again. This cannot be undone: to ask again, submit a new request.
        </ModalBody>
        <ModalFooter>
          <Button
            variant="danger"
            isDisabled={busy}
            data-test="withdraw-confirm"
            onClick={() => void act('withdraw', 'Withdrawn.')}
          >
            Withdraw the request
          </Button>
          <Button variant="link" data-test="withdraw-cancel" onClick={() => setConfirming(false)}>
            Keep it
          </Button>
        </ModalFooter>
      </Modal>
    </Panel>
  );
}
