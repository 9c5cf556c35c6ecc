import { Button, Form, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import { useState } from 'react';
import { TextField } from '../../shared/components/index.ts';
import { setToken, useToken } from '../../shared/token.ts';

/**
 * Until sign-in with GitHub lands, writes carry an API token the user pastes here. It stays
 * in this tab's session storage and is sent as a bearer token.
 */
export function TokenSignIn() {
  const token = useToken();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string>();
  if (token)
    return (
      <Button variant="secondary" data-test="token-sign-out" onClick={() => setToken(undefined)}>
        Forget<span className="opf-wide-only"> token</span>
      </Button>
    );
  // Asked once, here: a token the API refuses is never kept, so no page after it asks
  // /api/v1/me with it again (a 401 on every page).
  const save = async () => {
    const candidate = draft.trim();
    const response = await fetch('/api/v1/me', {
      headers: { accept: 'application/json', authorization: `Bearer ${candidate}` },
    }).catch(() => undefined);
    if (!response?.ok) {
      setError(
        response?.status === 401
          ? 'This token is not valid: it is mistyped, expired or revoked.'
          : 'opf could not check this token; try again.',
      );
      return;
    }
    setToken(candidate);
    setDraft('');
    setError(undefined);
    setOpen(false);
  };
  return (
    <>
      <Button variant="secondary" data-test="token-sign-in" onClick={() => setOpen(true)}>
        <span className="opf-wide-only">Use a token</span>
        <span className="opf-narrow-only">Token</span>
      </Button>
      <Modal
        variant="small"
        isOpen={open}
        onClose={() => setOpen(false)}
        aria-labelledby="token-dialog-title"
        data-test="token-dialog"
      >
        <ModalHeader title="Use an API token" labelId="token-dialog-title" />
        <ModalBody>
          <Form
            id="token-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (draft.trim()) void save();
            }}
          >
            <TextField
              id="token-input"
              type="password"
              label="API token"
              value={draft}
              onChange={(value) => {
                setDraft(value);
                setError(undefined);
              }}
              error={error}
              isRequired
              hint="Kept in this tab only and sent as a bearer token. Ask an admin for one."
            />
          </Form>
        </ModalBody>
        <ModalFooter>
          <Button
            variant="primary"
            type="submit"
            form="token-form"
            data-test="token-save"
            isDisabled={!draft.trim()}
          >
            Use this token
          </Button>
          <Button variant="link" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        </ModalFooter>
      </Modal>
    </>
  );
}
