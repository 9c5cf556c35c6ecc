import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { Label } from '@patternfly/react-core/dist/esm/components/Label';
import { Gallery } from '@patternfly/react-core/dist/esm/layouts/Gallery';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Notice } from '../../shared/components/Notice.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { signInAsDemo, signInWith, useSession } from '../../shared/session.ts';
import type { SignInOptions } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { failedSignInSentence } from './failedSignIn.ts';

/** Only a path on this portal is followed after signing in: never another site. */
function safeReturn(value: string | null): string {
  return value?.startsWith('/') && !value.startsWith('//') && !value.includes('\\') ? value : '/';
}

/**
 * Signing in, as a portal page: the configured providers; on the embedded default (no
 * provider, loopback, demo data) the demo users, one click each; otherwise how to get in.
 */
export function SignInPage() {
  const [params] = useSearchParams();
  const returnTo = safeReturn(params.get('return_to'));
  const options = useApi<SignInOptions>('/api/v1/auth/options');
  const session = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string | undefined>(() =>
    failedSignInSentence(params.get('failed')),
  );
  const demo = async (id: string) => {
    setBusy(id);
    setError(undefined);
    try {
      await signInAsDemo(id);
      navigate(returnTo);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setBusy(undefined);
    }
  };
  return (
    <AppPage
      id="sign-in"
      title="Sign in"
      description={
        <>
          Reading needs no account. Signing in lets you bring a project, comment, and (for ops)
          review. <Link to={returnTo}>Go back without signing in</Link>
        </>
      }
    >
      {session && (
        <Notice
          variant="info"
          title={`You are signed in as ${session.login}`}
          dataTest="already-signed-in"
        >
          <Link to={returnTo}>Continue</Link>
        </Notice>
      )}
      {error && (
        <Notice variant="danger" title="Not signed in" dataTest="sign-in-error">
          {error}
        </Notice>
      )}
      <Loaded state={options} what="the ways to sign in">
        {({ providers, demoUsers }) => (
          <Gallery hasGutter minWidths={{ default: '100%', md: '320px' }}>
            {providers.map((provider) => (
              <Panel key={provider.id} title={provider.name} dataTest="provider">
                <Button
                  data-test={`sign-in-${provider.id}`}
                  onClick={() => signInWith(provider.id, returnTo)}
                >
                  Sign in with {provider.name}
                </Button>
              </Panel>
            ))}
            {demoUsers.map((user) => (
              <Panel key={user.id} title={user.displayName} dataTest="demo-user">
                <p>
                  <Label color="orange" data-test="demo-label">
                    Demo
                  </Label>{' '}
                  <code>{user.login}</code>,{' '}
                  {user.role === 'ops' ? 'an ops engineer' : 'a project developer'}:{' '}
                  {user.description}.
                </p>
                <p className="opf-muted">
                  Offered only because this opf runs on your own machine with demo data and no
                  sign-in provider. Anyone at this machine can be this user.
                </p>
                <Button
                  className="opf-gap-top"
                  data-test={`demo-sign-in-${user.id}`}
                  isLoading={busy === user.id}
                  isDisabled={busy !== undefined}
                  onClick={() => void demo(user.id)}
                >
                  Sign in as the demo {user.role === 'ops' ? 'ops engineer' : 'developer'}
                </Button>
              </Panel>
            ))}
            {providers.length === 0 && demoUsers.length === 0 && (
              <Panel title="No sign-in is configured" dataTest="no-provider">
                <p>
                  This opf has no sign-in provider (GitHub or OpenID Connect). Its operator can
                  configure one (<code>OPF_GITHUB_CLIENT_ID</code> or <code>OPF_OIDC_ISSUER</code>);
                  until then, paste an API token with <strong>Use a token</strong> at the top right.
                </p>
              </Panel>
            )}
          </Gallery>
        )}
      </Loaded>
    </AppPage>
  );
}
