/**
 * Error codes of project membership changes (an owner adds or removes a member of an
 * onboarded project's team). Same rules as errors.ts: stable, never reused.
 */
export const MEMBERS_ERROR_REGISTRY = {
  OPF_ERR_MEMBER_EXISTS: {
    kind: 'conflict',
    summary:
      'The user is already a member (or the owner) of the project’s team; logins compare case-insensitively.',
  },
  OPF_ERR_MEMBER_UNKNOWN: {
    kind: 'not-found',
    summary: 'The user is not a member of the project’s team; nothing to remove.',
  },
  OPF_ERR_MEMBER_IS_OWNER: {
    kind: 'conflict',
    summary: 'The team’s owner cannot be removed; the owner answers for the project.',
  },
  OPF_ERR_MEMBER_LAST: {
    kind: 'conflict',
    summary: 'The team’s last member cannot be removed; add another member first.',
  },
  OPF_ERR_MEMBER_CHANGE_PENDING: {
    kind: 'conflict',
    summary: 'A change of the same member is still being delivered; try again once it is done.',
  },
  OPF_ERR_TEAM_TAKEN: {
    kind: 'conflict',
    summary:
      'The team (and its group) belongs to another project with another owner; ask its owner to add you, or name another team.',
  },
  OPF_ERR_TEAM_CONSENT_PENDING: {
    kind: 'conflict',
    summary:
      'The request names an existing team and waits for its owner’s consent; it cannot be approved until the owner (or ops) consents.',
  },
  OPF_ERR_TEAM_CONSENT_NOT_ASKED: {
    kind: 'conflict',
    summary:
      'The request waits for no consent of a team’s owner (none was asked, or it was already given, refused or superseded).',
  },
  OPF_ERR_TEAM_SHARED: {
    kind: 'forbidden',
    summary:
      'Several projects share this team (and its group): only ops change its members, since the change reaches every one of them.',
  },
  OPF_ERR_MEMBERS_NOT_MANAGED: {
    kind: 'conflict',
    summary:
      'The project is not onboarded (active) with a team opf manages, so its members cannot be changed here.',
  },
} as const;
