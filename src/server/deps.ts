import type { Metric } from 'prom-client';
import type { EngagementSettings, IncidentResponseSource } from '../engagement/index.ts';
import type { IdentityConfig, LoginProvider } from '../identity/index.ts';
import type {
  OperatorInstallInput,
  OperatorInstallResult,
  PlanPreview,
} from '../provisioning/index.ts';
import type { Db } from '../store/index.ts';
import type { TelemetrySettings } from '../telemetry/index.ts';
import type { ChangeSignal } from './change-signal.ts';

/** What the HTTP layer needs from the rest of opf. */
export interface ServerDeps {
  db: Db;
  databaseKind: 'pglite' | 'postgres';
  publicUrl: string;
  /** The cloud's name (OPF_CLOUD_NAME): the portal's masthead, /api/v1/site. */
  cloudName?: string;
  adminToken: string;
  /** When given, anonymous API reads are cached until it signals a change. */
  changes?: ChangeSignal;
  /** The dry run of an approval against the GitOps repository's head. */
  planPreview?: (requestId: number) => Promise<PlanPreview>;
  /** Whether a mail server is configured: without one, invitations are refused at once. */
  mailConfigured?: boolean;
  /** Ops: install an operator into a project's namespace, delivered to the GitOps repository. */
  installOperator?: (
    actor: { name: string },
    project: string,
    input: OperatorInstallInput,
  ) => Promise<OperatorInstallResult>;
  /** Metrics the rest of the process keeps (the job runner's), exported on /metrics. */
  processMetrics?: readonly Metric[];
  /** Alertmanager's webhook token and whether incidents are mirrored to GitHub. */
  incidents?: {
    alertmanagerToken?: string;
    mirror?: boolean;
    now?: () => Date;
  };
  /** Engagement thresholds and the incident source; default: the documented defaults, none. */
  engagement?: {
    settings: EngagementSettings;
    incidents?: IncidentResponseSource;
    /** Tests move the clock; the records and notices read it. */
    now?: () => Date;
  };
  /** Reports: tests move the clock that default periods end at. */
  reports?: { now?: () => Date };
  /** Telemetry sources and the recommendation's margin; default: no source. */
  telemetry?: TelemetrySettings;
  /** Sign-in providers, roles, sessions; default: no providers, roles only by token. */
  identity?: {
    config: IdentityConfig;
    /** Tests hand in providers; otherwise they are built from config. */
    providers?: LoginProvider[];
    now?: () => Date;
    /** Offer the demo users' one-click sign-in (the embedded default only: startOpf decides). */
    demoSignIn?: boolean;
  };
}
