import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { ActionGroup, Form } from '@patternfly/react-core/dist/esm/components/Form';
import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { AnswerOutcome, useAnswer } from '../../shared/components/AnswerOutcome.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { SelectField } from '../../shared/components/SelectField.tsx';
import { TextField } from '../../shared/components/TextField.tsx';
import type { IncidentDetail } from './types.ts';

/**
 * A member of a linked project's team answers the incident for it ("we know, we are on
 * it"): its first answer is the team's response time in the engagement record. The page
 * does not guess whose projects are whose: the API checks the team and says so.
 */
export function AcknowledgeIncident(props: { incident: IncidentDetail; onAnswered: () => void }) {
  const waiting = props.incident.acknowledgements
    .filter((a) => !a.acknowledgedAt)
    .map((a) => a.project);
  const [project, setProject] = useState(waiting[0] ?? '');
  const [message, setMessage] = useState('');
  const { outcome, busy, send } = useAnswer();
  // After an answer the page reloads: the project answered leaves the choice.
  const chosen = waiting.includes(project) ? project : (waiting[0] ?? '');
  if (waiting.length === 0 && !outcome) return null;
  const submit = () =>
    send(
      () =>
        api.post(
          `/api/v1/projects/${encodeURIComponent(chosen)}/incidents/${props.incident.id}/acknowledge`,
          message.trim() ? { message: message.trim() } : {},
        ),
      `Acknowledged for ${chosen}.`,
      () => {
        setMessage('');
        props.onAnswered();
      },
    );
  return (
    <Panel title="Answer for your project" dataTest="incident-acknowledge">
      <AnswerOutcome outcome={outcome} prefix="incident-acknowledge" />
      {waiting.length > 0 && (
        <Form
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <SelectField
            id="incident-acknowledge-project"
            label="Project"
            value={chosen}
            options={waiting.map((p) => ({ value: p, label: p }))}
            onChange={setProject}
          />
          <TextField
            id="incident-acknowledge-message"
            label="A word for the timeline (optional)"
            value={message}
            onChange={setMessage}
          />
          <ActionGroup>
            <Button type="submit" isDisabled={busy} data-test="incident-acknowledge-submit">
              Acknowledge
            </Button>
          </ActionGroup>
        </Form>
      )}
    </Panel>
  );
}
