import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { lazy, Suspense, useState } from 'react';
import { setToken, useToken } from '../../shared/token.ts';

// The dialog (a modal, a form) loads on first click: the masthead is in every page's entry.
const TokenDialog = lazy(() => import('./TokenDialog.tsx'));

/**
 * Until sign-in with GitHub lands, writes carry an API token the user pastes here. It stays
 * in this tab's session storage and is sent as a bearer token.
 */
export function TokenSignIn() {
  const token = useToken();
  const [open, setOpen] = useState(false);
  if (token)
    return (
      <Button variant="secondary" data-test="token-sign-out" onClick={() => setToken(undefined)}>
        Forget<span className="opf-wide-only"> token</span>
      </Button>
    );
  return (
    <>
      <Button variant="secondary" data-test="token-sign-in" onClick={() => setOpen(true)}>
        <span className="opf-wide-only">Use a token</span>
        <span className="opf-narrow-only">Token</span>
      </Button>
      {open && (
        <Suspense fallback={null}>
          <TokenDialog onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
