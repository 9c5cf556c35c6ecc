import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { ExpandableSection } from '@patternfly/react-core/dist/esm/components/ExpandableSection';
import { ActionGroup, Form } from '@patternfly/react-core/dist/esm/components/Form';
import { useState } from 'react';
import { ApiError, api } from '../../shared/api.ts';
import { Notice } from '../../shared/components/Notice.tsx';
import { TextField } from '../../shared/components/TextField.tsx';
import { errorAt, errorsFromApi, type FieldErrors } from '../../shared/fieldErrors.ts';

/** Anyone may ask to be invited: opf mails the series as a calendar invitation. */
export function AskInvitation({ meeting }: { meeting: string }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sent, setSent] = useState<string>();
  const [unavailable, setUnavailable] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (sent)
    return (
      <Notice variant="success" title={sent} dataTest="invitation-sent">
        The invitation comes as a calendar entry; changes to the series follow by mail.
      </Notice>
    );
  if (unavailable)
    return (
      <Notice
        variant="info"
        title="Invitations are not configured"
        dataTest="invitations-unavailable"
      >
        {unavailable}
      </Notice>
    );
  const ask = async () => {
    setBusy(true);
    try {
      const answer = await api.post<{ status: string }>(
        `/api/v1/meetings/${encodeURIComponent(meeting)}/invitations`,
        { email, name },
      );
      setSent(
        answer.status === 'already-invited'
          ? `${email} is already invited`
          : `An invitation is on its way to ${email}`,
      );
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'OPF_ERR_INVITATIONS_NOT_CONFIGURED')
        return setUnavailable(caught.message);
      setErrors(caught instanceof ApiError ? errorsFromApi(caught) : { '': String(caught) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <ExpandableSection toggleText="Ask for an invitation" data-test="invite-toggle">
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          void ask();
        }}
      >
        <TextField
          id="invite-name"
          label="Your name"
          value={name}
          onChange={setName}
          error={errorAt(errors, 'name')}
        />
        <TextField
          id="invite-email"
          label="E-mail for the invitation"
          isRequired
          value={email}
          onChange={setEmail}
          error={errorAt(errors, 'email') ?? errors['']}
        />
        <ActionGroup>
          <Button
            type="submit"
            variant="secondary"
            data-test="invite-ask"
            isLoading={busy}
            isDisabled={busy || !email}
          >
            Send me the invitation
          </Button>
        </ActionGroup>
      </Form>
    </ExpandableSection>
  );
}
