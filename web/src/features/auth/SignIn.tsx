import { Button, Flex, FlexItem } from '@patternfly/react-core';
import { Link, useLocation } from 'react-router';
import { signInPath, useSession } from '../../shared/session.ts';
import { useToken } from '../../shared/token.ts';
import { TokenSignIn } from './TokenSignIn.tsx';
import { UserMenu } from './UserMenu.tsx';

/** Sign in on the portal's sign-in page (a session), or paste an API token; one or the other. */
export function SignIn() {
  const session = useSession();
  const token = useToken();
  const location = useLocation();
  if (session) return <UserMenu session={session} />;
  return (
    <Flex flexWrap={{ default: 'nowrap' }}>
      {!token && !location.pathname.startsWith('/sign-in') && (
        <FlexItem>
          <Button
            variant="primary"
            data-test="session-sign-in"
            component={(props: object) => (
              <Link {...props} to={signInPath(`${location.pathname}${location.search}`)} />
            )}
          >
            Sign in
          </Button>
        </FlexItem>
      )}
      <FlexItem>
        <TokenSignIn />
      </FlexItem>
    </Flex>
  );
}
