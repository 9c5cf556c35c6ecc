import { Link } from 'react-router';
import { Notice } from '../../shared/components/Notice.tsx';
import { signInPath, useSession, useSessionRestoring } from '../../shared/session.ts';
import { useToken } from '../../shared/token.ts';

/** Said before anything is typed: what is typed stays in this browser while one signs in. */
export function SignInNeeded({ returnTo }: { returnTo: string }) {
  const session = useSession();
  const token = useToken();
  const restoring = useSessionRestoring();
  if (session || token || restoring) return null;
  return (
    <Notice variant="info" title="Submitting needs a signed-in user" dataTest="sign-in-needed">
      Fill the steps now if you like: what you type is kept in this browser, and is still here after
      you <Link to={signInPath(returnTo)}>sign in</Link>.
    </Notice>
  );
}
