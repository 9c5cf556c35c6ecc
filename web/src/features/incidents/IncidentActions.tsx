import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { ActionGroup, Form } from '@patternfly/react-core/dist/esm/components/Form';
import { useState } from 'react';
import { ApiError, api } from '../../shared/api.ts';
import { Notice } from '../../shared/components/Notice.tsx';
import { SelectField } from '../../shared/components/SelectField.tsx';
import { TextField } from '../../shared/components/TextField.tsx';
import { type IncidentDetail, SEVERITIES } from './types.ts';

type Action = 'update' | 'resolve' | 'postmortem';

/** One ops form (update, resolve or post-mortem): the API's message shows at the field. */
function ActionForm(props: {
  id: Action;
  label: string;
  submit: string;
  initial?: string;
  withSeverity?: string;
  send: (text: string, severity: string | undefined) => Promise<IncidentDetail>;
  onDone: () => void;
}) {
  const [text, setText] = useState(props.initial ?? '');
  const [severity, setSeverity] = useState(props.withSeverity ?? '');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.send(
        text,
        props.withSeverity && severity !== props.withSeverity ? severity : undefined,
      );
      if (props.id !== 'postmortem') setText('');
      props.onDone();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.details[0]?.message ?? `${caught.code}: ${caught.message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      data-test={`incident-${props.id}`}
      onSubmit={(event) => {
        event.preventDefault();
        void go();
      }}
    >
      {props.withSeverity && (
        <SelectField
          id={`incident-${props.id}-severity`}
          label="Severity"
          value={severity}
          options={SEVERITIES.map((s) => ({ value: s, label: s }))}
          onChange={setSeverity}
        />
      )}
      <TextField
        id={`incident-${props.id}-text`}
        label={props.label}
        value={text}
        onChange={setText}
        error={error}
        multiline
      />
      <ActionGroup>
        <Button
          type="submit"
          variant="secondary"
          isDisabled={busy}
          data-test={`incident-${props.id}-submit`}
        >
          {props.submit}
        </Button>
      </ActionGroup>
    </Form>
  );
}

/** What ops do to an incident: post updates, resolve a declared one, attach the post-mortem. */
export function IncidentActions(props: { incident: IncidentDetail; onChanged: () => void }) {
  const { incident } = props;
  const base = `/api/v1/incidents/${incident.id}`;
  return (
    <div className="opf-incident-actions">
      {incident.status === 'open' && (
        <ActionForm
          id="update"
          label="Update (announced)"
          submit="Post update"
          withSeverity={incident.severity}
          send={(body, severity) =>
            api.post(`${base}/updates`, { body, ...(severity && { severity }) })
          }
          onDone={props.onChanged}
        />
      )}
      {incident.status === 'open' && incident.source === 'declared' && (
        <ActionForm
          id="resolve"
          label="How it ended (announced)"
          submit="Resolve"
          send={(body) => api.post(`${base}/resolve`, { body })}
          onDone={props.onChanged}
        />
      )}
      {incident.status === 'open' && incident.source === 'alertmanager' && (
        <Notice variant="info" title="Resolves with its alerts" dataTest="resolves-with-alerts">
          This incident follows Alertmanager: it resolves when its alerts do.
        </Notice>
      )}
      <ActionForm
        id="postmortem"
        label="Post-mortem (Markdown)"
        submit={incident.postmortem ? 'Revise post-mortem' : 'Attach post-mortem'}
        initial={incident.postmortem ?? ''}
        send={(markdown) => api.replace(`${base}/postmortem`, { markdown })}
        onDone={props.onChanged}
      />
    </div>
  );
}
