/**
 * The one registry of opf's error codes. Every business error carries a stable code from
 * here; the HTTP edge maps the kind to a status and the CLI maps it to an exit code.
 * A code, once published, is never reused for another meaning: retire it instead
 * (docs/errors.md lists both, and a test keeps the two in sync).
 */
export type ErrorKind =
  | 'input'
  | 'not-found'
  | 'conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'too-large'
  | 'unsupported-media'
  | 'rate-limited'
  | 'unavailable'
  | 'internal';

import { COMMUNITY_ERROR_REGISTRY } from './errors-community.ts';
import { ENGAGEMENT_ERROR_REGISTRY } from './errors-engagement.ts';
import { GITOPS_ERROR_REGISTRY } from './errors-gitops.ts';
import { IDENTITY_ERROR_REGISTRY } from './errors-identity.ts';
import { INCIDENTS_ERROR_REGISTRY } from './errors-incidents.ts';
import { MEMBERS_ERROR_REGISTRY } from './errors-members.ts';
import { REPORTS_ERROR_REGISTRY } from './errors-reports.ts';
import { TELEMETRY_ERROR_REGISTRY } from './errors-telemetry.ts';

interface ErrorSpec {
  kind: ErrorKind;
  summary: string;
  /** The CLI exit code, where it is not the kind's (a report with findings, say). */
  exitCode?: number;
}

export const ERROR_REGISTRY = {
  OPF_ERR_VALIDATION: { kind: 'input', summary: 'The input does not match the expected shape.' },
  OPF_ERR_USAGE: {
    kind: 'input',
    summary:
      'The command line is not one opf knows (an unknown command, option or missing argument).',
    exitCode: 2,
  },
  OPF_ERR_UNKNOWN_KEY: {
    kind: 'input',
    summary: 'The input has a key opf does not know (often a typo); it names the key and line.',
  },
  OPF_ERR_JSON_INVALID: { kind: 'input', summary: 'The request body is not valid JSON.' },
  OPF_ERR_YAML_INVALID: { kind: 'input', summary: 'The input is not valid YAML.' },
  OPF_ERR_YAML_TOO_LARGE: {
    kind: 'too-large',
    summary:
      'The YAML input is over 32 KiB or 2,500 nodes; opf refuses it before reading it (a request file is far smaller).',
  },
  OPF_ERR_BODY_TOO_LARGE: { kind: 'too-large', summary: 'The request body is over 1 MiB.' },
  OPF_ERR_JSON_TOO_LARGE: {
    kind: 'too-large',
    summary:
      'The JSON body nests over 32 levels or holds over 10,000 values; opf refuses it before parsing it.',
  },
  OPF_ERR_MEDIA_TYPE: {
    kind: 'unsupported-media',
    summary:
      'The request body has a content type this route does not accept (YAML only where a request file is expected).',
  },
  OPF_ERR_FIRST_PAINT_QUERY: {
    kind: 'input',
    summary:
      'The address of a first-paint stylesheet is not one opf makes (its sheets or classes are malformed).',
  },
  OPF_ERR_FIRST_PAINT_STALE: {
    kind: 'not-found',
    summary:
      'The first-paint stylesheet asked for belongs to another build of the portal (reload the page).',
  },
  OPF_ERR_NAME_INVALID: {
    kind: 'input',
    summary: 'A name is not an RFC 1123 label (lowercase a-z, 0-9 and -, at most 63 characters).',
  },
  OPF_ERR_USER_INVALID: {
    kind: 'input',
    summary: 'A user name is not one the cluster can know (letters, digits, -, _ and .).',
  },
  OPF_ERR_QUANTITY_INVALID: {
    kind: 'input',
    summary: 'A quota value is not a valid non-negative Kubernetes quantity.',
  },
  OPF_ERR_QUOTA_AMBIGUOUS: {
    kind: 'input',
    summary: 'A namespace gives both a quota tier and a custom quota; give one.',
  },
  OPF_ERR_QUOTA_TIER_UNKNOWN: { kind: 'input', summary: 'The quota tier does not exist.' },
  OPF_ERR_CLUSTER_UNKNOWN: { kind: 'input', summary: 'The cluster does not exist.' },
  OPF_ERR_NAMESPACE_DUPLICATE: {
    kind: 'input',
    summary: 'The same namespace is listed twice in one request.',
  },
  OPF_ERR_NAMESPACE_TAKEN: {
    kind: 'conflict',
    summary: 'The namespace is already requested by another request or already present.',
  },
  OPF_ERR_PROJECT_EXISTS: {
    kind: 'conflict',
    summary: 'A project with this name already has an open or active request.',
  },
  OPF_ERR_TERMS_NOT_ACCEPTED: {
    kind: 'input',
    summary: 'Not every term of the current terms version was accepted.',
  },
  OPF_ERR_TERMS_VERSION_STALE: {
    kind: 'input',
    summary: 'The accepted terms are not the current version; read and accept the current terms.',
  },
  OPF_ERR_TRANSITION_ILLEGAL: {
    kind: 'conflict',
    summary: 'The action is not allowed in the request’s current state.',
  },
  OPF_ERR_VERSION_CONFLICT: {
    kind: 'conflict',
    summary: 'Someone else changed the request first; reload and try again.',
  },
  OPF_ERR_NOT_FOUND: { kind: 'not-found', summary: 'The thing asked for does not exist.' },
  OPF_ERR_ROUTE_NOT_FOUND: { kind: 'not-found', summary: 'No such API route.' },
  OPF_ERR_UNAUTHENTICATED: {
    kind: 'unauthenticated',
    summary:
      'The action needs credentials (a session or a bearer token) and none or invalid ones were given.',
  },
  OPF_ERR_FORBIDDEN: { kind: 'forbidden', summary: 'The credentials do not allow this action.' },
  OPF_ERR_RATE_LIMITED: { kind: 'rate-limited', summary: 'Too many requests; slow down.' },
  OPF_ERR_SERVER_UNREACHABLE: {
    kind: 'unavailable',
    summary: 'The CLI could not reach the opf server.',
  },
  OPF_ERR_NOT_READY: { kind: 'unavailable', summary: 'The service is not ready (database).' },
  OPF_ERR_CONFIG_INVALID: { kind: 'input', summary: 'A configuration value is invalid.' },
  OPF_ERR_FILE_UNREADABLE: { kind: 'input', summary: 'An input file cannot be read.' },
  OPF_ERR_FORGE_FAILED: {
    kind: 'unavailable',
    summary: 'The forge (GitHub) refused or failed a call; the job retries it.',
  },
  OPF_ERR_INTERNAL: { kind: 'internal', summary: 'An unexpected error inside opf.' },
  ...GITOPS_ERROR_REGISTRY,
  ...COMMUNITY_ERROR_REGISTRY,
  ...IDENTITY_ERROR_REGISTRY,
  ...MEMBERS_ERROR_REGISTRY,
  ...INCIDENTS_ERROR_REGISTRY,
  ...ENGAGEMENT_ERROR_REGISTRY,
  ...TELEMETRY_ERROR_REGISTRY,
  ...REPORTS_ERROR_REGISTRY,
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_REGISTRY;

/** Codes that were published once and must never be given a new meaning. */
export const RETIRED_ERROR_CODES: readonly string[] = [
  // A request naming someone else's team is now held for the owner's consent, not refused.
  'OPF_ERR_TEAM_NOT_YOURS',
];

export interface ErrorDetail {
  path?: string;
  line?: number;
  message: string;
  code?: ErrorCode;
}

/** A business error: stable code, plain-words message, optional details (field paths, lines). */
export class OpfError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetail[]) {
    super(message);
    this.name = 'OpfError';
    this.code = code;
    this.details = details;
  }

  get kind(): ErrorKind {
    return ERROR_REGISTRY[this.code].kind;
  }
}

export function isOpfError(error: unknown): error is OpfError {
  return error instanceof OpfError;
}

/** The HTTP status each kind of error is answered with (the API edge). */
export const HTTP_STATUS_OF_KIND: Record<ErrorKind, number> = {
  input: 400,
  'not-found': 404,
  conflict: 409,
  unauthenticated: 401,
  forbidden: 403,
  'too-large': 413,
  'unsupported-media': 415,
  'rate-limited': 429,
  unavailable: 503,
  internal: 500,
};

/** The CLI's exit code for each kind of error (documented in docs/errors.md). */
export const EXIT_CODE_OF_KIND: Record<ErrorKind, number> = {
  input: 3,
  'too-large': 3,
  'unsupported-media': 3,
  'not-found': 4,
  conflict: 5,
  unauthenticated: 6,
  forbidden: 6,
  'rate-limited': 7,
  unavailable: 7,
  internal: 1,
};

/** The CLI's exit code for an error code: its own, or its kind's. */
export function exitCodeOfCode(code: ErrorCode): number {
  const spec: ErrorSpec = ERROR_REGISTRY[code];
  return spec.exitCode ?? EXIT_CODE_OF_KIND[spec.kind];
}

export function errorKind(code: ErrorCode): ErrorKind {
  return ERROR_REGISTRY[code].kind;
}
