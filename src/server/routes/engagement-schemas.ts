import { z } from 'zod';
import { ENGAGEMENT_STATUSES } from '../../core/index.ts';

/** Response shapes of notices, engagement records and offboarding proposals. */
const noticeFields = {
  id: z.number().int(),
  kind: z.enum(['upgrade', 'maintenance', 'terms', 'general']),
  title: z.string(),
  body: z.string(),
  clusters: z.array(z.string()).describe('Sent to projects on these clusters; empty: all'),
  termsVersion: z.string().nullable().describe('A terms notice: the version to re-accept'),
  respondBy: z.string(),
  postedBy: z.string(),
  postedAt: z.string(),
  closedAt: z.string().nullable(),
  lastRemindedAt: z.string().nullable(),
};

export const noticeRecipientSchema = z
  .object({
    project: z.string(),
    requestId: z.number().int().nullable(),
    acknowledgedBy: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    waitingSince: z.string().nullable().describe('Unanswered: asked since then'),
    overdue: z.boolean(),
  })
  .meta({ id: 'NoticeRecipient' });

export const noticeSchema = z
  .object({ ...noticeFields, recipients: z.array(noticeRecipientSchema) })
  .meta({ id: 'Notice' });

export const noticeSummarySchema = z
  .object({ ...noticeFields, recipients: z.number().int(), acknowledged: z.number().int() })
  .meta({ id: 'NoticeSummary' });

export const offboardingProposalSchema = z
  .object({
    id: z.number().int(),
    requestId: z.number().int(),
    project: z.string(),
    reason: z.string(),
    proposedBy: z.string(),
    byProject: z.boolean().describe('The project itself asked to leave'),
    proposedAt: z.string(),
    noticeEndsAt: z.string().describe('Ops may decide from then on'),
    state: z.enum(['open', 'decided', 'cancelled']),
    meeting: z.object({ slug: z.string(), date: z.string() }).nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'OffboardingProposal' });

const reasonSchema = z.object({
  code: z.enum([
    'idle',
    'notice-unanswered',
    'terms-not-reaccepted',
    'meetings-missed',
    'incident-unanswered',
    'incident-slow',
  ]),
  status: z.enum(['at-risk', 'inactive']),
  text: z.string(),
});

export const engagementRecordSchema = z
  .object({
    project: z.string(),
    displayName: z.string(),
    projectStatus: z.string(),
    requestId: z.number().int().nullable(),
    status: z.enum(ENGAGEMENT_STATUSES),
    reasons: z.array(reasonSchema),
    lastSignOfLife: z.string().nullable(),
    signals: z.object({
      activeSince: z.string().nullable(),
      lastActivityAt: z.string().nullable(),
      lastAcknowledgedAt: z.string().nullable(),
      unansweredNotices: z.array(
        z.object({
          id: z.number().int(),
          title: z.string(),
          kind: z.string(),
          respondBy: z.string(),
        }),
      ),
      lastAttendedAt: z.string().nullable(),
      meetingsMissedInARow: z.number().int(),
      incidents: z.object({
        measured: z
          .boolean()
          .describe('False when the server runs without an incident source (some tests)'),
        items: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            openedAt: z.string(),
            respondedAt: z
              .string()
              .nullable()
              .describe('The team’s first acknowledgement of the incident, or null'),
            resolvedAt: z.string().nullable().optional(),
          }),
        ),
      }),
      terms: z.object({ current: z.string(), accepted: z.string().nullable() }).nullable(),
    }),
    offboarding: offboardingProposalSchema.nullable(),
    evaluatedAt: z.string(),
  })
  .meta({ id: 'EngagementRecord' });
