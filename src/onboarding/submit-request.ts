import { OpfError, type RequestSpec, type RequestView } from '../core/index.ts';
import {
  insertRequest,
  insertTermsAcceptance,
  linkLatestRequest,
  lockProjectName,
  replaceRequestClaims,
  saveProjectForRequest,
  type Tx,
} from '../store/index.ts';
import { type Actor, nowOf, type OnboardingContext } from './context.ts';
import { recordRequestEvent } from './record-transition.ts';
import { settleTeamConsent } from './team-consent.ts';
import { translateUniqueViolation } from './unique-violation.ts';
import { checkRequestAgainstCloud } from './validate-request.ts';

/**
 * A project asks to be onboarded. As a draft it only holds its names; submitted, it must
 * also accept every current term. Everything is written in one transaction or not at all.
 */
export async function submitRequest(
  ctx: OnboardingContext,
  actor: Actor,
  spec: RequestSpec,
  options: { draft?: boolean } = {},
): Promise<RequestView> {
  const draft = options.draft === true;
  return translateUniqueViolation(() =>
    ctx.db.transaction().execute(async (tx: Tx) => {
      await lockProjectName({ tx }, spec.project.name);
      const checked = await checkRequestAgainstCloud({ tx }, spec, {
        requireTerms: !draft,
      });
      // The project row must exist before the request that references it.
      await saveProjectForRequest({ tx }, checked.project, checked.team, null, 'requested');
      const request = await insertRequest(
        { tx },
        {
          projectName: checked.project.name,
          state: draft ? 'draft' : 'submitted',
          spec: checked,
          createdBy: actor.name,
          submittedAt: draft ? null : nowOf(ctx),
        },
      );
      await linkLatestRequest({ tx }, checked.project.name, request.id);
      await replaceRequestClaims({ tx }, request.id, claimsOf(checked));
      if (!draft)
        await insertTermsAcceptance(
          { tx },
          { requestId: request.id, actor: actor.name, ...checked.terms },
        );
      await recordRequestEvent(
        { tx },
        actor,
        draft ? 'create-draft' : 'submit',
        undefined,
        request,
      );
      // Someone else's existing team: its owner is asked, and the request waits for them.
      if (!draft) await settleTeamConsent({ tx }, actor, request, nowOf(ctx));
      return request;
    }),
  );
}

export function claimsOf(spec: RequestSpec) {
  return spec.namespaces.map((ns) => ({
    name: ns.name,
    clusterId: ns.cluster,
    projectName: spec.project.name,
    tier: ns.tier ?? (ns.customQuota ? 'custom' : null),
  }));
}

export function requireReason(action: string, reason: string | undefined): string {
  const trimmed = reason?.trim();
  if (!trimmed)
    throw new OpfError(
      'OPF_ERR_VALIDATION',
      `${action} needs a reason, in plain words, for the project to read`,
      [{ path: 'reason', message: 'required' }],
    );
  return trimmed;
}
