/**
 * Error codes of community coordination (src/community): meetings, channels, announcements.
 * Kept beside the main registry like the GitOps codes; same rules: stable, never reused.
 */
export const COMMUNITY_ERROR_REGISTRY = {
  OPF_ERR_MEETING_UNKNOWN: { kind: 'not-found', summary: 'No meeting has this name.' },
  OPF_ERR_MEETING_INVALID: {
    kind: 'input',
    summary: 'A meeting definition is not valid (time zone, local time, anchor date or duration).',
  },
  OPF_ERR_MEETING_RANGE_INVALID: {
    kind: 'input',
    summary:
      'A date range is not YYYY-MM-DD to YYYY-MM-DD, ends before it starts, or spans over 10 years.',
  },
  OPF_ERR_MEETING_NOT_AN_OCCURRENCE: {
    kind: 'input',
    summary: 'The date is not one on which the meeting takes place (to cancel or move it).',
  },
  OPF_ERR_ZONE_UNKNOWN: { kind: 'input', summary: 'The time zone is not an IANA zone name.' },
  OPF_ERR_CHANNEL_UNKNOWN: { kind: 'not-found', summary: 'No channel has this name.' },
  OPF_ERR_CHANNEL_INVALID: {
    kind: 'input',
    summary: 'A channel is not valid (a mailing list needs an address, a chat room a URL).',
  },
  OPF_ERR_ANNOUNCEMENT_UNKNOWN: { kind: 'not-found', summary: 'No announcement has this id.' },
  OPF_ERR_AGENDA_ITEM_UNKNOWN: {
    kind: 'not-found',
    summary: 'No agenda item has this id on this meeting date.',
  },
  OPF_ERR_DELIVERY_FAILED: {
    kind: 'unavailable',
    summary: 'A mail server or chat webhook refused or failed a delivery; the job retries it.',
  },
  OPF_ERR_INVITATIONS_NOT_CONFIGURED: {
    kind: 'conflict',
    summary:
      'This opf has no mail server (OPF_SMTP_HOST), so it cannot send invitations; subscribe to the meeting’s .ics feed instead, or ask ops to configure mail.',
  },
} as const;
