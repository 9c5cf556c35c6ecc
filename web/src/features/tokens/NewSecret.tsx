import { Alert, AlertActionLink } from '@patternfly/react-core/dist/esm/components/Alert';
import { ClipboardCopy } from '@patternfly/react-core/dist/esm/components/ClipboardCopy';
import { Content } from '@patternfly/react-core/dist/esm/components/Content';
import { useEffect, useRef } from 'react';
import type { CreatedApiToken } from '../../shared/types.ts';

/**
 * The new token's secret, this once: opf keeps only its hash, so once this is dismissed (or
 * the page left) nobody can show it again. Focus moves here so a keyboard or screen-reader
 * user lands on it straight after creating.
 */
export function NewSecret(props: { created: CreatedApiToken; onDone: () => void }) {
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => region.current?.focus(), []);
  return (
    <div ref={region} tabIndex={-1} data-test="token-secret" className="opf-token-secret">
      <Alert
        variant="warning"
        isInline
        title={`Copy token “${props.created.name}” now: it will not be shown again`}
        actionLinks={
          <AlertActionLink data-test="token-secret-done" onClick={props.onDone}>
            I have stored it
          </AlertActionLink>
        }
      >
        <Content component="p">
          opf keeps only a hash of it. Store it where your CLI or job reads it (for the CLI: save it
          to a file, run <code>opf login --token-file FILE</code>, delete the file). If it is lost,
          revoke it and create another.
        </Content>
        <ClipboardCopy
          isReadOnly
          isCode
          data-test="token-secret-copy"
          inputId="token-secret-value"
          textAriaLabel="The new token’s secret"
          copyAriaLabel="Copy the token to the clipboard"
          hoverTip="Copy"
          clickTip="Copied"
        >
          {props.created.token}
        </ClipboardCopy>
      </Alert>
    </div>
  );
}
