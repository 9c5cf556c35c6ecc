import { Button, Flex, FlexItem } from '@patternfly/react-core';
import { useLocation } from 'react-router';
import { signIn, useSession } from '../../shared/session.ts';
import { useToken } from '../../shared/token.ts';
import { TokenSignIn } from './TokenSignIn.tsx';
import { UserMenu } from './UserMenu.tsx';

/** Sign in with opf's providers (a session), or paste an API token; one or the other. */
export function SignIn() {
  const session = useSession();
  const token = useToken();
  const location = useLocation();
  if (session) return <UserMenu session={session} />;
  return (
    <Flex flexWrap={{ default: 'nowrap' }}>
      {!token && (
        <FlexItem>
          <Button
            variant="primary"
            data-test="session-sign-in"
            onClick={() => signIn(`${location.pathname}${location.search}`)}
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
