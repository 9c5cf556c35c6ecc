import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { Form } from '@patternfly/react-core/dist/esm/components/Form';
import {
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
} from '@patternfly/react-core/dist/esm/components/Modal';
import { useState } from 'react';
import { TextField } from '../../shared/components/TextField.tsx';
import { setToken } from '../../shared/token.ts';

/** The dialog that takes an API token: loaded when first opened (the entry holds the button). */
export default function TokenDialog({ onClose }: { onClose: () => void }) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string>();
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
    onClose();
  };
  return (
    <Modal
      variant="small"
      isOpen
      onClose={onClose}
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
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
