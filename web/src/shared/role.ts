import { useSession } from './session.ts';
import { useToken } from './token.ts';
import type { Me } from './types.ts';
import { useApi } from './useApi.ts';

/**
 * Whether the signed-in caller reviews requests (ops or admin), to offer the review actions:
 * with a pasted token, only when it holds the review (or admin) scope, else every button
 * would answer 403. Only a convenience: the API checks role and scope on every action.
 */
export function useCanReview(): boolean {
  const session = useSession();
  const token = useToken();
  // A pasted token carries no role the page can read: ask the API whose it is.
  const me = useApi<Me>(token && !session ? '/api/v1/me' : undefined);
  const role = session?.role ?? (token ? me.data?.role : undefined);
  const scopes = session ? null : (me.data?.scopes ?? null);
  const scoped = scopes === null || scopes.includes('review') || scopes.includes('admin');
  return (role === 'ops' || role === 'admin') && scoped;
}
