import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { Content } from '@patternfly/react-core/dist/esm/components/Content';
import { Spinner } from '@patternfly/react-core/dist/esm/components/Spinner';
import { Bullseye } from '@patternfly/react-core/dist/esm/layouts/Bullseye';
import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { useState } from 'react';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Notice } from '../../shared/components/Notice.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { signIn, useSession, useSessionRestoring } from '../../shared/session.ts';
import { useToken } from '../../shared/token.ts';
import type { ApiToken, CreatedApiToken, Me } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { CreateTokenForm } from './CreateTokenForm.tsx';
import { NewSecret } from './NewSecret.tsx';
import { RevokeDialog } from './RevokeDialog.tsx';
import { TokensTable } from './TokensTable.tsx';

const PATH = '/account/tokens';

/** The signed-in user's API tokens (ops and admins too: each sees their own). */
export function TokensPage() {
  const session = useSession();
  const token = useToken();
  const restoring = useSessionRestoring();
  const signedIn = session !== undefined || token !== undefined;
  return (
    <AppPage
      id="tokens"
      title="API tokens"
      description="Tokens let the opf CLI and your automation act as you, within the scopes you give them. Each expires, and you can revoke it at any time."
    >
      {signedIn ? (
        <SignedIn />
      ) : restoring ? (
        <Bullseye>
          <Spinner size="lg" aria-label="Checking your sign-in" />
        </Bullseye>
      ) : (
        <Notice variant="info" title="Sign in to manage your API tokens" dataTest="tokens-sign-in">
          <Content component="p">
            Your tokens are yours alone: sign in with your cloud identity to list, create and revoke
            them.
          </Content>
          <Button variant="primary" data-test="tokens-sign-in-button" onClick={() => signIn(PATH)}>
            Sign in
          </Button>
        </Notice>
      )}
    </AppPage>
  );
}

function SignedIn() {
  const me = useApi<Me>('/api/v1/me');
  const tokens = useApi<{ items: ApiToken[] }>('/api/v1/tokens');
  const [created, setCreated] = useState<CreatedApiToken>();
  const [revoking, setRevoking] = useState<ApiToken>();
  return (
    <Loaded state={me} what="who you are">
      {(who) => (
        <>
          <Grid hasGutter>
            {created && (
              <GridItem span={12}>
                <NewSecret created={created} onDone={() => setCreated(undefined)} />
              </GridItem>
            )}
            <GridItem span={12}>
              <Panel title="Your tokens" dataTest="tokens-panel">
                <Loaded state={tokens} what="your tokens">
                  {(page) => <TokensTable tokens={page.items} onRevoke={setRevoking} />}
                </Loaded>
              </Panel>
            </GridItem>
            <GridItem span={12}>
              <Panel title="Create a token" dataTest="token-create-panel">
                <div className="opf-form-width">
                  <Content component="p" className="opf-muted" data-test="tokens-who">
                    It acts as {who.login} ({who.role}); what it may do is capped by your role.
                  </Content>
                  <CreateTokenForm
                    role={who.role}
                    onCreated={(next) => {
                      setCreated(next);
                      tokens.reload();
                    }}
                  />
                </div>
              </Panel>
            </GridItem>
          </Grid>
          <RevokeDialog
            token={revoking}
            onClose={() => setRevoking(undefined)}
            onRevoked={() => {
              setRevoking(undefined);
              tokens.reload();
            }}
          />
        </>
      )}
    </Loaded>
  );
}
