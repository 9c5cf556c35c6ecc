import { OpfError } from './errors.ts';
import { decodeInput, type LocatedInput } from './input.ts';
import { decodeOpfcliOnboard, looksLikeOpfcliOnboard, opfcliToRequest } from './opfcli.ts';
import {
  type OnboardSpec,
  onboardSpecSchema,
  type RequestSpec,
  requestSpecSchema,
} from './request.ts';

export interface TermsChoice {
  version: string;
  accepted: string[];
}

/**
 * Decode a request from a file or body in either format: opf's own, or opfcli's onboard
 * file. `acceptTerms` supplies the acceptance when the input carries none (opfcli's format
 * never does; the CLI fills it only after showing the terms and being told --accept-terms).
 * `submitter` is who submits it: the owner of a team an opfcli file gives no users.
 */
export function decodeRequestInput(
  input: LocatedInput,
  source: string,
  acceptTerms?: TermsChoice,
  submitter?: string,
): RequestSpec {
  const value = input.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new OpfError('OPF_ERR_VALIDATION', `${source}: expected a mapping of request fields`);
  if (looksLikeOpfcliOnboard(value)) {
    const converted = opfcliToRequest(decodeOpfcliOnboard(input, source), submitter);
    if (converted.team.owner === undefined)
      throw new OpfError(
        'OPF_ERR_VALIDATION',
        `${source}: the file names no users and no project_owner, and nobody submits it; the team needs an owner`,
        [{ path: 'users', message: 'no users and no project_owner' }],
      );
    return decodeInput(
      requestSpecSchema,
      { value: { ...converted, terms: acceptTerms ?? missing(source) }, lineOf: () => undefined },
      source,
    );
  }
  if (!('terms' in value) && !acceptTerms) {
    // Report anything else wrong first (an unknown key at its line), then the missing terms.
    decodeInput(requestSpecSchema.omit({ terms: true }), input, source);
    missing(source);
  }
  if (!('terms' in value) && acceptTerms)
    return decodeInput(
      requestSpecSchema,
      { value: { ...value, terms: acceptTerms }, lineOf: input.lineOf },
      source,
    );
  return decodeInput(requestSpecSchema, input, source);
}

function missing(source: string): never {
  throw new OpfError(
    'OPF_ERR_TERMS_NOT_ACCEPTED',
    `${source} carries no terms acceptance: read the terms (opf terms) and accept them (--accept-terms)`,
  );
}

/**
 * A request file read offline by `opf gitops onboard`, for the engine only: an opfcli file
 * without users gives a team with no owner and an empty group, as opfcli wrote it.
 */
export function decodeOnboardInput(input: LocatedInput, source: string): OnboardSpec {
  const offline = { version: 'offline', accepted: [] };
  if (!looksLikeOpfcliOnboard(input.value)) return decodeRequestInput(input, source, offline);
  const converted = opfcliToRequest(decodeOpfcliOnboard(input, source));
  return decodeInput(
    onboardSpecSchema,
    { value: { ...converted, terms: offline }, lineOf: () => undefined },
    source,
  );
}
