import type { Db } from '../store/index.ts';
import type { IdentityConfig } from './config.ts';
import { type LoginProvider, loginProviderOf } from './providers.ts';

/** What identity's operations need; built once per server. */
export interface IdentityContext {
  db: Db;
  config: IdentityConfig;
  /** Base URL of this opf: the OAuth callback is `${publicUrl}/auth/callback`. */
  publicUrl: string;
  providers: LoginProvider[];
  now: () => Date;
}

export function identityContext(options: {
  db: Db;
  config: IdentityConfig;
  publicUrl: string;
  /** Tests give providers directly; otherwise they are built from config. */
  providers?: LoginProvider[];
  now?: () => Date;
}): IdentityContext {
  return {
    db: options.db,
    config: options.config,
    publicUrl: options.publicUrl.replace(/\/$/, ''),
    providers: options.providers ?? options.config.providers.map(loginProviderOf),
    now: options.now ?? (() => new Date()),
  };
}
