import type { Db } from '../store/index.ts';

/** Who acts: a user name (GitHub login), or `system:<part>` for opf's own workers. */
export interface Actor {
  name: string;
  /** Where the action came from (an IP address, `cli`, `job`), kept in the audit log. */
  source?: string;
  /**
   * The actor's cloud role, where it decides something (ops may bind or change any team;
   * a user only their own). Without it the actor counts as a plain user.
   */
  role?: 'user' | 'ops' | 'admin';
}

/** Whether the actor acts for the cloud (ops or admin) rather than for a project. */
export function actsForCloud(actor: Actor): boolean {
  return actor.role === 'ops' || actor.role === 'admin';
}

export function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
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
