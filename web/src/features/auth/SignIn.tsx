import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { lazy, Suspense } from 'react';
import { Link, useLocation } from 'react-router';
import { signInPath, useSession } from '../../shared/session.ts';
import { useToken } from '../../shared/token.ts';
import { TokenSignIn } from './TokenSignIn.tsx';

// The signed-in user's menu (a dropdown, with its popper) loads only for a signed-in user: the
// masthead is in the entry every first visit downloads.
const UserMenu = lazy(async () => ({ default: (await import('./UserMenu.tsx')).UserMenu }));

/** Sign in on the portal's sign-in page (a session), or paste an API token; one or the other. */
export function SignIn() {
  const session = useSession();
  const token = useToken();
  const location = useLocation();
  if (session)
    return (
      <Suspense fallback={<span className="opf-muted">{session.login}</span>}>
        <UserMenu session={session} />
      </Suspense>
    );
  return (
    // A plain row (app.css), not PatternFly's Flex: its class map and style sheet would be in
    // the entry for this one row.
    <div className="opf-sign-in">
      {!token && !location.pathname.startsWith('/sign-in') && (
        <Button
          variant="primary"
          data-test="session-sign-in"
          component={(props: object) => (
            <Link {...props} to={signInPath(`${location.pathname}${location.search}`)} />
          )}
        >
          Sign in
        </Button>
      )}
      <TokenSignIn />
    </div>
  );
}
