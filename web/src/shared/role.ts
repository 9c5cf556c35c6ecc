import { useSession } from './session.ts';
import { useToken } from './token.ts';
import type { Me } from './types.ts';
import { useApi } from './useApi.ts';

/**
 * Whether the signed-in caller reviews requests (ops or admin), to offer the review actions.
 * Only a convenience: the API checks the role on every action whatever the page shows.
 */
export function useCanReview(): boolean {
  const session = useSession();
  const token = useToken();
  // A pasted token carries no role the page can read: ask the API whose it is.
  const me = useApi<Me>(token && !session ? '/api/v1/me' : undefined);
  const role = session?.role ?? (token ? me.data?.role : undefined);
  return role === 'ops' || role === 'admin';
}
