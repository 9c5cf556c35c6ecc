import type { IdentityConfig, Scope } from './config.ts';

/** A caller's standing in the whole cloud; project roles (member, owner) come per request. */
export type Role = 'user' | 'ops' | 'admin';

/** Who is calling, as the authorization hook sees it. */
export interface Principal {
  name: string;
  role: Role;
  /** How the caller proved it: the bootstrap admin token, a browser session, an API token. */
  via: 'bootstrap' | 'session' | 'token';
  /** For API tokens: what the token may be used for. Absent: no cap beyond the role. */
  scopes?: Scope[];
  /** For sessions: the value writes must echo in the x-csrf-token header. */
  csrfToken?: string;
  userId?: number;
  tokenId?: number;
}

const lower = (items: string[]) => new Set(items.map((item) => item.toLowerCase()));

/** Admin and ops come from config: login lists or the provider's groups. Otherwise user. */
export function roleOf(config: IdentityConfig, login: string, groups: readonly string[]): Role {
  const key = login.toLowerCase();
  const inGroups = (names: string[]) => {
    const wanted = lower(names);
    return groups.some((group) => wanted.has(group.toLowerCase()));
  };
  if (lower(config.adminUsers).has(key) || inGroups(config.adminGroups)) return 'admin';
  if (lower(config.opsUsers).has(key) || inGroups(config.opsGroups)) return 'ops';
  return 'user';
}
