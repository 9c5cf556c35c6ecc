import {
  DEFAULT_ENGAGEMENT_THRESHOLDS,
  type EngagementSignals,
  type EngagementThresholds,
} from '../core/index.ts';
import type { Db } from '../store/index.ts';

/** Thresholds and periods of notices, engagement and offboarding (docs/engagement.md). */
export interface EngagementSettings {
  thresholds: EngagementThresholds;
  /** Days a project has to acknowledge a notice, unless the notice names its own date. */
  noticeRespondDays: number;
  /** Days a project has to re-accept new terms. */
  termsReacceptDays: number;
  /** Hours between two reminders of the same unanswered notice. */
  reminderHours: number;
  /** Days between an offboarding proposal by ops and the earliest decision. */
  offboardNoticeDays: number;
  /** The sweep proposes offboarding for every inactive project. */
  autoProposeOffboarding: boolean;
}

export const DEFAULT_ENGAGEMENT_SETTINGS: EngagementSettings = {
  thresholds: DEFAULT_ENGAGEMENT_THRESHOLDS,
  noticeRespondDays: 14,
  termsReacceptDays: 30,
  reminderHours: 72,
  offboardNoticeDays: 30,
  autoProposeOffboarding: true,
};

/**
 * How the team of a project answered the incidents that touched it. Incidents are another
 * capability (src/incidents): opf wires its `incidentResponseSource` (the team's
 * acknowledgement of an incident is its answer). NO_INCIDENT_SOURCE stays for tests that
 * measure something else: the record then says "not measured" rather than invent answers.
 */
export interface IncidentResponseSource {
  /** False without an incident source: the record shows "not measured". */
  readonly measured: boolean;
  /**
   * Incidents linked to each of the projects open since `since`, with the team's first
   * answer, by project (a project with none may be absent); without `projects`, of every
   * project. One call for all the projects a record list needs: the list of every active
   * project must not ask once per project (nor send every name).
   */
  responsesOf(
    projects: readonly string[] | undefined,
    since: Date,
  ): Promise<ReadonlyMap<string, EngagementSignals['incidents']>>;
}

export const NO_INCIDENT_SOURCE: IncidentResponseSource = {
  measured: false,
  responsesOf: async () => new Map(),
};

export interface EngagementContext {
  db: Db;
  publicUrl: string;
  now?: () => Date;
  settings: EngagementSettings;
  incidents: IncidentResponseSource;
}

export function nowOf(ctx: { now?: () => Date }): Date {
  return ctx.now ? ctx.now() : new Date();
}

export const DAY_MS = 86_400_000;
