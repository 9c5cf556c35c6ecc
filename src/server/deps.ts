import type { Metric } from 'prom-client';
import type { IdentityConfig, LoginProvider } from '../identity/index.ts';
import type { PlanPreview } from '../provisioning/index.ts';
import type { Db } from '../store/index.ts';
import type { TelemetrySettings } from '../telemetry/index.ts';
import type { ChangeSignal } from './change-signal.ts';

/** What the HTTP layer needs from the rest of opf. */
export interface ServerDeps {
  db: Db;
  databaseKind: 'pglite' | 'postgres';
  publicUrl: string;
  adminToken: string;
  /** When given, anonymous API reads are cached until it signals a change. */
  changes?: ChangeSignal;
  /** The dry run of an approval against the GitOps repository's head. */
  planPreview?: (requestId: number) => Promise<PlanPreview>;
  /** Metrics the rest of the process keeps (the job runner's), exported on /metrics. */
  processMetrics?: readonly Metric[];
  /** Telemetry sources and the recommendation's margin; default: no source. */
  telemetry?: TelemetrySettings;
  /** Sign-in providers, roles, sessions; default: no providers, roles only by token. */
  identity?: {
    config: IdentityConfig;
    /** Tests hand in providers; otherwise they are built from config. */
    providers?: LoginProvider[];
    now?: () => Date;
  };
}
