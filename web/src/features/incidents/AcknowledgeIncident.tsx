import { ActionGroup, Button, Form } from '@patternfly/react-core';
import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { Notice, Panel, SelectField, TextField } from '../../shared/components/index.ts';
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
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);
  // After an answer the page reloads: the project answered leaves the choice.
  const chosen = waiting.includes(project) ? project : (waiting[0] ?? '');
  if (waiting.length === 0 && !outcome) return null;
  const submit = async () => {
    setBusy(true);
    try {
      await api.post(
        `/api/v1/projects/${encodeURIComponent(chosen)}/incidents/${props.incident.id}/acknowledge`,
        message.trim() ? { message: message.trim() } : {},
      );
      setOutcome({ ok: true, text: `Acknowledged for ${chosen}.` });
      setMessage('');
      props.onAnswered();
    } catch (error) {
      setOutcome({ ok: false, text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Panel title="Answer for your project" dataTest="incident-acknowledge">
      {outcome && (
        <Notice
          variant={outcome.ok ? 'success' : 'danger'}
          title={outcome.ok ? outcome.text : 'Not acknowledged'}
          dataTest={outcome.ok ? 'incident-acknowledge-done' : 'incident-acknowledge-error'}
        >
          {outcome.ok ? undefined : outcome.text}
        </Notice>
      )}
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
