import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { ExpandableSection } from '@patternfly/react-core/dist/esm/components/ExpandableSection';
import { ActionGroup, Form, FormGroup } from '@patternfly/react-core/dist/esm/components/Form';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../../shared/api.ts';
import { CheckField } from '../../shared/components/CheckField.tsx';
import { Notice } from '../../shared/components/Notice.tsx';
import { SelectField } from '../../shared/components/SelectField.tsx';
import { TextField } from '../../shared/components/TextField.tsx';
import { errorAt, errorsFromApi, type FieldErrors } from '../../shared/fieldErrors.ts';
import type { Announcement, Channel } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';

const KINDS = [
  { value: 'general', label: 'General' },
  { value: 'maintenance', label: 'Maintenance' },
  { value: 'upgrade', label: 'Upgrade' },
  { value: 'incident', label: 'Incident' },
  { value: 'new-project', label: 'New project' },
];

/** Ops compose an announcement and choose where it goes; opf mails and posts it. */
export function ComposeAnnouncement() {
  const channels = useApi<{ items: Channel[] }>('/api/v1/channels');
  const navigate = useNavigate();
  const [kind, setKind] = useState('general');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [chosen, setChosen] = useState<Set<string>>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const listed = channels.data?.items ?? [];
  // Until the user changes it, the choice is the channels marked to announce.
  const selected = chosen ?? new Set(listed.filter((c) => c.announce).map((c) => c.slug));
  const toggle = (slug: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(slug);
    else next.delete(slug);
    setChosen(next);
  };
  const send = async () => {
    setBusy(true);
    setErrors({});
    try {
      const created = await api.post<Announcement>('/api/v1/announcements', {
        kind,
        title,
        body,
        channels: [...selected],
      });
      navigate(`/announcements/${created.id}`);
    } catch (caught) {
      setErrors(caught instanceof ApiError ? errorsFromApi(caught) : { '': String(caught) });
      setBusy(false);
    }
  };
  return (
    <ExpandableSection toggleText="Compose an announcement" data-test="compose-toggle">
      <Form
        className="opf-form-width"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <SelectField
          id="announce-kind"
          label="Kind"
          value={kind}
          options={KINDS}
          onChange={setKind}
        />
        <TextField
          id="announce-title"
          label="Title"
          isRequired
          value={title}
          onChange={setTitle}
          error={errorAt(errors, 'title')}
        />
        <TextField
          id="announce-body"
          label="Text"
          isRequired
          multiline
          value={body}
          onChange={setBody}
          error={errorAt(errors, 'body')}
          hint="Markdown. Name a project by its name to list it on the project's page."
        />
        <FormGroup label="Send to" role="group" fieldId="announce-channels">
          {listed.map((channel) => (
            <CheckField
              key={channel.slug}
              id={`announce-channel-${channel.slug}`}
              label={`${channel.name} (${channel.kind.replace('-', ' ')})`}
              description={channel.address ?? channel.url ?? undefined}
              checked={selected.has(channel.slug)}
              onChange={(on) => toggle(channel.slug, on)}
            />
          ))}
          {errorAt(errors, 'channels') && (
            <Notice
              variant="danger"
              title={errorAt(errors, 'channels')!}
              dataTest="channels-error"
            />
          )}
        </FormGroup>
        {errors[''] && (
          <Notice variant="danger" title="Not sent" dataTest="announce-error">
            {errors['']}
          </Notice>
        )}
        <ActionGroup>
          <Button
            type="submit"
            data-test="announce-send"
            isLoading={busy}
            isDisabled={busy || selected.size === 0}
          >
            Send the announcement
          </Button>
        </ActionGroup>
      </Form>
    </ExpandableSection>
  );
}
