import type { Db } from '../store/index.ts';

/** Who acts: a user name (GitHub login), or `system:<part>` for opf's own workers. */
export interface Actor {
  name: string;
  /** Where the action came from (an IP address, `cli`, `job`), kept in the audit log. */
  source?: string;
}

export interface OnboardingContext {
  db: Db;
  /** Base URL of this opf, used to link a request from commits and annotations. */
  publicUrl: string;
  now?: () => Date;
}

export function nowOf(ctx: OnboardingContext): Date {
  return ctx.now ? ctx.now() : new Date();
}
