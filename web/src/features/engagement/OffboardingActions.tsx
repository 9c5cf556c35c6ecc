import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { Content } from '@patternfly/react-core/dist/esm/components/Content';
import { ActionGroup, Form } from '@patternfly/react-core/dist/esm/components/Form';
import { useState } from 'react';
import { ApiError, api } from '../../shared/api.ts';
import { Notice } from '../../shared/components/Notice.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { TextField } from '../../shared/components/TextField.tsx';
import type { OffboardingProposal, RequestView } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { shortDate } from './ProjectEngagement.tsx';

type Step = 'propose' | 'decide' | 'cancel';

/**
 * Offboarding, reachable by people: ops propose it (the project gets the notice period to
 * answer), decide it once the period is over (opf then removes the project from the GitOps
 * repository), or withdraw it; the project's team may ask to leave. The API checks every step.
 */
export function OffboardingActions(props: {
  request: RequestView;
  who: 'ops' | 'team';
  onChanged: () => void;
}) {
  const { request } = props;
  const proposals = useApi<{ items: OffboardingProposal[] }>(
    `/api/v1/requests/${request.id}/offboarding`,
  );
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const open = proposals.data?.items.find((p) => p.state === 'open');
  if (request.state !== 'active' && request.state !== 'offboarding') return null;
  if (props.who === 'team' && (open || request.state !== 'active')) return null;

  const run = async (step: Step) => {
    setBusy(true);
    setError(undefined);
    try {
      const base = `/api/v1/requests/${request.id}`;
      if (step === 'propose') await api.post(`${base}/offboarding`, { reason });
      if (step === 'cancel') await api.post(`${base}/offboarding/cancel`, reason ? { reason } : {});
      if (step === 'decide')
        await api.post(`${base}/start-offboarding`, {
          version: request.version,
          ...(reason && { reason }),
        });
      setDone(
        step === 'propose'
          ? props.who === 'team'
            ? 'Your request to leave is recorded; ops decide on it.'
            : 'Offboarding proposed: the project is told, and it is on the next coordination agenda.'
          : step === 'cancel'
            ? 'The proposal is withdrawn.'
            : 'Decided: opf is removing the project from the GitOps repository.',
      );
      setReason('');
      proposals.reload();
      props.onChanged();
    } catch (problem) {
      setError(problem instanceof ApiError ? problem.message : (problem as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const canDecide = open !== undefined && Date.parse(open.noticeEndsAt) <= Date.now();
  return (
    <Panel title="Offboarding" dataTest="offboarding-actions">
      {done && <Notice variant="success" title={done} dataTest="offboarding-done" />}
      {error && (
        <Notice variant="danger" title="Not done" dataTest="offboarding-error">
          {error}
        </Notice>
      )}
      {request.state === 'offboarding' ? (
        <Content component="p" data-test="offboarding-running">
          Decided: opf is removing the project’s namespaces, groups, role bindings and ArgoCD
          entries from the GitOps repository. The request becomes offboarded once the removal is on
          the branch ArgoCD applies.
        </Content>
      ) : open ? (
        <Content component="p" data-test="offboarding-proposed">
          {open.byProject ? 'The project asked to leave' : `Proposed by ${open.proposedBy}`}:{' '}
          {open.reason.replace(/[.!?]$/, '')}.{' '}
          {canDecide
            ? 'The notice period is over: ops may decide.'
            : `Ops may decide from ${shortDate(open.noticeEndsAt)}.`}
        </Content>
      ) : (
        <Content component="p">
          {props.who === 'team'
            ? 'Leaving the cloud? Say why; ops remove the project’s namespaces after deciding, and its history stays public.'
            : 'An inactive project, or one that asks to leave, is offboarded in the open: propose it, give the project the notice period, then decide.'}
        </Content>
      )}
      {request.state === 'active' && (
        <Form
          onSubmit={(event) => {
            event.preventDefault();
          }}
        >
          <TextField
            id="offboarding-reason"
            label={open ? 'Why (optional)' : 'Why'}
            value={reason}
            onChange={setReason}
            multiline
            isRequired={!open}
          />
          <ActionGroup>
            {!open && (
              <Button
                variant={props.who === 'team' ? 'secondary' : 'warning'}
                isDisabled={busy}
                onClick={() => void run('propose')}
                data-test="offboarding-propose"
              >
                {props.who === 'team' ? 'Ask to leave' : 'Propose offboarding'}
              </Button>
            )}
            {open && props.who === 'ops' && (
              <>
                <Button
                  variant="danger"
                  isDisabled={busy || !canDecide}
                  onClick={() => void run('decide')}
                  data-test="offboarding-decide"
                >
                  Offboard now
                </Button>
                <Button
                  variant="secondary"
                  isDisabled={busy}
                  onClick={() => void run('cancel')}
                  data-test="offboarding-cancel"
                >
                  Withdraw the proposal
                </Button>
              </>
            )}
          </ActionGroup>
        </Form>
      )}
    </Panel>
  );
}
