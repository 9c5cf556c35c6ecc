import { Button, Flex, FlexItem } from '@patternfly/react-core';
import { useLocation } from 'react-router';
import { signIn, signOut, useSession } from '../../shared/session.ts';
import { useToken } from '../../shared/token.ts';
import { TokenSignIn } from './TokenSignIn.tsx';

/** Sign in with opf's providers (a session), or paste an API token; one or the other. */
export function SignIn() {
  const session = useSession();
  const token = useToken();
  const location = useLocation();
  if (session)
    return (
      <Flex alignItems={{ default: 'alignItemsCenter' }} flexWrap={{ default: 'nowrap' }}>
        <FlexItem data-test="session-user">
          <span className="opf-wide-only">Signed in as </span>
          {session.login}
        </FlexItem>
        <FlexItem>
          <Button variant="secondary" data-test="session-sign-out" onClick={signOut}>
            Sign out
          </Button>
        </FlexItem>
      </Flex>
    );
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
