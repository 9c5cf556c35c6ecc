import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { Checkbox } from '@patternfly/react-core/dist/esm/components/Checkbox';
import { ActionGroup, Form } from '@patternfly/react-core/dist/esm/components/Form';
import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { AnswerOutcome, useAnswer } from '../../shared/components/AnswerOutcome.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { SelectField } from '../../shared/components/SelectField.tsx';
import type { NoticeView } from '../../shared/types.ts';

/**
 * A member answers for their project. The page does not guess whose projects are whose: the
 * API checks the team and says so when the caller is not in it.
 */
export function AcknowledgeForm(props: { notice: NoticeView; onAnswered: () => void }) {
  const waiting = props.notice.recipients.filter((r) => !r.acknowledgedAt).map((r) => r.project);
  const [project, setProject] = useState(waiting[0] ?? '');
  const [accept, setAccept] = useState(false);
  const { outcome, busy, send } = useAnswer();
  const terms = props.notice.termsVersion;
  if (waiting.length === 0) return null;
  const submit = () =>
    send(
      () =>
        api.post(
          `/api/v1/projects/${encodeURIComponent(project)}/notices/${props.notice.id}/acknowledge`,
          terms ? { acceptTerms: accept } : {},
        ),
      `Acknowledged for ${project}.`,
      props.onAnswered,
    );
  return (
    <Panel title="Answer for your project" dataTest="acknowledge">
      <AnswerOutcome outcome={outcome} prefix="acknowledge" />
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <SelectField
          id="acknowledge-project"
          label="Project"
          value={project}
          options={waiting.map((p) => ({ value: p, label: p }))}
          onChange={setProject}
        />
        {terms && (
          <Checkbox
            id="acknowledge-terms"
            data-test="acknowledge-terms"
            label={`The project accepts terms ${terms}, as written above`}
            isChecked={accept}
            onChange={(_event, checked) => setAccept(checked)}
          />
        )}
        <ActionGroup>
          <Button
            type="submit"
            isDisabled={busy || (terms !== null && !accept)}
            data-test="acknowledge-submit"
          >
            {terms ? 'Accept the new terms' : 'Acknowledge'}
          </Button>
        </ActionGroup>
      </Form>
    </Panel>
  );
}
