import type { Db } from '../store/index.ts';

/** Mirroring incidents to GitHub issues, as the alertmanager-github-receiver did. */
export interface IncidentMirrorSettings {
  /** owner/name of the repository that gets one issue per incident. */
  repo: string;
  token: string;
  /** API base, for GitHub Enterprise. */
  baseUrl?: string;
  labels: string[];
}

export interface IncidentsSettings {
  /** The bearer token Alertmanager sends; undefined: the webhook refuses every call. */
  alertmanagerToken: string | undefined;
  /** undefined: incidents are not mirrored. */
  github: IncidentMirrorSettings | undefined;
}

export const DEFAULT_INCIDENTS_SETTINGS: IncidentsSettings = {
  alertmanagerToken: undefined,
  github: undefined,
};

export interface IncidentsContext {
  db: Db;
  publicUrl: string;
  now?: () => Date;
  /** Whether state changes leave a mirror job in the outbox (a GitHub repository is set). */
  mirror?: boolean;
}

export function nowOf(ctx: IncidentsContext): Date {
  return ctx.now ? ctx.now() : new Date();
}

export function incidentLink(ctx: IncidentsContext, id: number): string {
  return `${ctx.publicUrl}/incidents/${id}`;
}
