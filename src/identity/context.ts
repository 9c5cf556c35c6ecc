import type { Db } from '../store/index.ts';
import type { IdentityConfig } from './config.ts';
import { DEMO_OPS_LOGIN } from './demo-users.ts';
import { type LoginProvider, loginProviderOf } from './providers.ts';

/** What identity's operations need; built once per server. */
export interface IdentityContext {
  db: Db;
  config: IdentityConfig;
  /** Base URL of this opf: the OAuth callback is `${publicUrl}/auth/callback`. */
  publicUrl: string;
  providers: LoginProvider[];
  now: () => Date;
  /** Demo sign-in is offered (the embedded default: see demo.ts). */
  demoSignIn: boolean;
}

export function identityContext(options: {
  db: Db;
  config: IdentityConfig;
  publicUrl: string;
  /** Tests give providers directly; otherwise they are built from config. */
  providers?: LoginProvider[];
  now?: () => Date;
  demoSignIn?: boolean;
}): IdentityContext {
  const providers = options.providers ?? options.config.providers.map(loginProviderOf);
  // Never beside a real provider, whatever the caller asked for.
  const demo = options.demoSignIn === true && providers.length === 0;
  return {
    db: options.db,
    // The demo ops engineer is ops by name, as OPF_OPS_USERS would make them.
    config: demo
      ? { ...options.config, opsUsers: [...options.config.opsUsers, DEMO_OPS_LOGIN] }
      : options.config,
    demoSignIn: demo,
    publicUrl: options.publicUrl.replace(/\/$/, ''),
    providers,
    now: options.now ?? (() => new Date()),
  };
}
