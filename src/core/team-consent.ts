/**
 * A team's owner agrees (or not) that a request by someone else binds their existing team
 * to another project and adds the people that request lists to the team's group.
 *  - pending: asked; the request is held (ops cannot approve it)
 *  - given: the owner (or ops) agreed; the request goes on as any other
 *  - refused: the owner (or ops) said no, with a reason; the request ended with it
 *  - superseded: no longer needed (the team changed, or its owner or ops took it over)
 */
export const TEAM_CONSENT_STATES = ['pending', 'given', 'refused', 'superseded'] as const;
export type TeamConsentState = (typeof TEAM_CONSENT_STATES)[number];

/** How the owner was told: by mail where opf knows their address and has a mail server. */
export const TEAM_CONSENT_NOTICES = [
  'queued',
  'sent',
  'failed',
  'no-mail-server',
  'no-address',
] as const;
export type TeamConsentNotice = (typeof TEAM_CONSENT_NOTICES)[number];

export interface TeamConsentView {
  id: number;
  requestId: number;
  projectName: string;
  team: string;
  /** The team's owner, who is asked. */
  owner: string;
  /** Who set the team on the request (and so asks). */
  askedBy: string;
  /** The team's members as the request would make them: what the owner agrees to. */
  members: string[];
  /** Of those, the ones not in the team today. */
  joining: string[];
  state: TeamConsentState;
  askedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  notice: TeamConsentNotice;
  noticeMessage: string | null;
}

export type TeamConsentDecision = 'give' | 'refuse';
