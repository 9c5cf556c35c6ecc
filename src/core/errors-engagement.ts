/**
 * Error codes of notices, engagement and offboarding (docs/engagement.md). Same rules as
 * errors.ts: stable, never reused.
 */
export const ENGAGEMENT_ERROR_REGISTRY = {
  OPF_ERR_NOTICE_NOT_ADDRESSED: {
    kind: 'conflict',
    summary:
      'The notice was not sent to this project (it goes to projects on other clusters, or the project was not active when it was posted).',
  },
  OPF_ERR_NOTICE_CLOSED: {
    kind: 'conflict',
    summary: 'The notice was closed by ops; it takes no more acknowledgements.',
  },
  OPF_ERR_NOTICE_TERMS_NOT_ACCEPTED: {
    kind: 'input',
    summary:
      'A notice of new terms is acknowledged by accepting them: send acceptTerms true (CLI: --accept-terms) after reading them.',
  },
  OPF_ERR_TERMS_VERSION_EXISTS: {
    kind: 'conflict',
    summary: 'A terms version with this name was published already; name the new one differently.',
  },
  OPF_ERR_OFFBOARD_PROPOSED: {
    kind: 'conflict',
    summary: 'The request already has an open offboarding proposal.',
  },
  OPF_ERR_OFFBOARD_NO_PROPOSAL: {
    kind: 'conflict',
    summary:
      'Offboarding is decided on a proposal: propose it first (opf request offboard ID -r WHY), then decide after its notice period.',
  },
  OPF_ERR_OFFBOARD_NOTICE_RUNNING: {
    kind: 'conflict',
    summary:
      'The offboarding proposal’s notice period has not ended; the project may still answer. Decide after the date given.',
  },
  OPF_ERR_OFFBOARD_NOT_ACTIVE: {
    kind: 'conflict',
    summary: 'Only an active project can be proposed for offboarding.',
  },
} as const;
