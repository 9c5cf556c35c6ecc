import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { ActionGroup, Form } from '@patternfly/react-core/dist/esm/components/Form';
import { useState } from 'react';
import { ApiError, api } from '../../shared/api.ts';
import { Notice } from '../../shared/components/Notice.tsx';
import { SelectField } from '../../shared/components/SelectField.tsx';
import { TextField } from '../../shared/components/TextField.tsx';
import { errorAt, errorsFromApi, type FieldErrors } from '../../shared/fieldErrors.ts';
import type { AgendaItem, RequestState } from '../../shared/types.ts';

/** The review actions a meeting may take on a request, by the request's state (lifecycle.ts). */
const ACTIONS_IN: Partial<Record<RequestState, { value: string; label: string }[]>> = {
  submitted: [
    { value: 'start-review', label: 'Start the review' },
    { value: 'reject', label: 'Reject the request' },
  ],
  'in-review': [
    { value: 'approve', label: 'Approve: write the change to the GitOps repository' },
    { value: 'request-changes', label: 'Ask for changes' },
    { value: 'reject', label: 'Reject the request' },
  ],
};

/**
 * Ops record the meeting's decision on an item. On a request, the chosen action is the
 * request's review step itself (the API performs it as `opf request approve` would, with the
 * meeting as the reason), so an approval here is the approval.
 */
export function DecisionForm(props: {
  path: string;
  item: AgendaItem;
  requestState: RequestState | undefined;
  index: number;
  onDone: () => void;
}) {
  const actions = props.requestState ? (ACTIONS_IN[props.requestState] ?? []) : [];
  const [decision, setDecision] = useState('');
  const [action, setAction] = useState(actions[0]?.value ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const id = `decision-${props.index}`;
  const record = async () => {
    setBusy(true);
    setErrors({});
    try {
      await api.post(`${props.path}/decisions`, {
        ...(props.item.id !== null
          ? { itemId: props.item.id }
          : { requestId: props.item.requestId ?? undefined }),
        decision,
        ...(action && { action }),
      });
      setDecision('');
      props.onDone();
    } catch (caught) {
      setErrors(caught instanceof ApiError ? errorsFromApi(caught) : { '': String(caught) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      className="opf-form-width"
      onSubmit={(event) => {
        event.preventDefault();
        void record();
      }}
    >
      <TextField
        id={`${id}-text`}
        label="Decision"
        value={decision}
        onChange={setDecision}
        error={errorAt(errors, 'decision')}
        hint="What the meeting decided, in a sentence: it goes into the request's history."
      />
      {actions.length > 0 && (
        <SelectField
          id={`${id}-action`}
          label="What it does to the request"
          value={action}
          options={[...actions, { value: '', label: 'Nothing: only record the decision' }]}
          onChange={setAction}
          error={errorAt(errors, 'action')}
        />
      )}
      {errors[''] && (
        <Notice variant="danger" title="The decision was not recorded" dataTest="decision-error">
          {errors['']}
        </Notice>
      )}
      <ActionGroup>
        <Button type="submit" data-test={`${id}-record`} isLoading={busy} isDisabled={busy}>
          Record the decision
        </Button>
      </ActionGroup>
    </Form>
  );
}
