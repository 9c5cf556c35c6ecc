import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { Content } from '@patternfly/react-core/dist/esm/components/Content';
import {
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
} from '@patternfly/react-core/dist/esm/components/Modal';
import { useState } from 'react';
import { ApiError, api } from '../../shared/api.ts';
import { Notice } from '../../shared/components/Notice.tsx';
import type { ApiToken } from '../../shared/types.ts';

/** Asks before revoking: whatever uses the token stops working at once, for good. */
export function RevokeDialog(props: {
  token: ApiToken | undefined;
  onClose: () => void;
  onRevoked: () => void;
}) {
  const [refusal, setRefusal] = useState<string>();
  const [sending, setSending] = useState(false);
  const { token } = props;
  const close = () => {
    setRefusal(undefined);
    props.onClose();
  };
  const revoke = async () => {
    if (!token) return;
    setSending(true);
    try {
      await api.delete(`/api/v1/tokens/${token.id}`);
      setRefusal(undefined);
      props.onRevoked();
    } catch (caught) {
      setRefusal(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setSending(false);
    }
  };
  return (
    <Modal
      variant="small"
      isOpen={token !== undefined}
      onClose={close}
      aria-labelledby="token-revoke-title"
      data-test="token-revoke-dialog"
    >
      <ModalHeader
        title={`Revoke token “${token?.name ?? ''}”?`}
        titleIconVariant="warning"
        labelId="token-revoke-title"
      />
      <ModalBody>
        {refusal && (
          <Notice variant="danger" title="The token was not revoked" dataTest="token-revoke-error">
            {refusal}
          </Notice>
        )}
        <Content component="p">
          Anything that uses it (a CLI, a job) is refused from now on. This cannot be undone; you
          can create a new token instead.
        </Content>
      </ModalBody>
      <ModalFooter>
        <Button
          variant="danger"
          data-test="token-revoke-confirm"
          isLoading={sending}
          isDisabled={sending}
          onClick={() => void revoke()}
        >
          Revoke
        </Button>
        <Button variant="link" data-test="token-revoke-cancel" onClick={close}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
