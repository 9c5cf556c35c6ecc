import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { ActionGroup, Form } from '@patternfly/react-core/dist/esm/components/Form';
import { useState } from 'react';
import { ApiError, api } from '../../shared/api.ts';
import { Notice } from '../../shared/components/Notice.tsx';
import { TextField } from '../../shared/components/TextField.tsx';
import { errorAt, errorsFromApi, type FieldErrors } from '../../shared/fieldErrors.ts';
import { Markdown } from '../../shared/markdown.tsx';
import type { MeetingRecord } from '../../shared/types.ts';

/** Ops record who attended (one name a line) and the minutes (Markdown, previewed as read). */
export function MinutesForm(props: {
  path: string;
  record: MeetingRecord | null;
  onDone: () => void;
}) {
  const [attendance, setAttendance] = useState(props.record?.attendance.join('\n') ?? '');
  const [minutes, setMinutes] = useState(props.record?.minutes ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const save = async () => {
    setBusy(true);
    setErrors({});
    setSaved(false);
    try {
      await api.replace(`${props.path}/minutes`, {
        attendance: attendance
          .split('\n')
          .map((name) => name.trim())
          .filter(Boolean),
        minutes,
      });
      setSaved(true);
      props.onDone();
    } catch (caught) {
      setErrors(caught instanceof ApiError ? errorsFromApi(caught) : { '': String(caught) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <TextField
        id="attendance"
        label="Attendance"
        multiline
        value={attendance}
        onChange={setAttendance}
        error={errorAt(errors, 'attendance')}
        hint="One name a line."
      />
      <TextField
        id="minutes"
        label="Minutes"
        multiline
        value={minutes}
        onChange={setMinutes}
        error={errorAt(errors, 'minutes')}
        hint="Markdown: # headings, - lists, **bold**, [links](https://…)."
      />
      {minutes && (
        <div className="opf-preview" data-test="minutes-preview">
          <p className="opf-muted">Preview</p>
          <Markdown text={minutes} />
        </div>
      )}
      {errors[''] && (
        <Notice variant="danger" title="The minutes were not saved" dataTest="minutes-error">
          {errors['']}
        </Notice>
      )}
      {saved && <Notice variant="success" title="Minutes saved" dataTest="minutes-saved" />}
      <ActionGroup>
        <Button type="submit" data-test="minutes-save" isLoading={busy} isDisabled={busy}>
          Save attendance and minutes
        </Button>
      </ActionGroup>
    </Form>
  );
}
