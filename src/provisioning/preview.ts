import { isOpfError, OpfError } from '../core/index.ts';
import { syncWorkspace } from '../delivery/index.ts';
import { judgeChange, openRepository, planOnboarding, unifiedDiffs } from '../gitops/index.ts';
import type { OnboardingContext } from '../onboarding/index.ts';
import { findRequest } from '../store/index.ts';
import { type ProvisioningSettings, requestUrl } from './settings.ts';

export interface PlanPreview {
  requestId: number;
  requestVersion: number;
  /** The head of the GitOps branch the plan was made against. */
  head: string;
  files: { path: string; action: 'create' | 'update' | 'delete' }[];
  /** Unified diff of exactly what approval would write. */
  diff: string;
  /** Findings the change would add (approval would be refused by the repository). */
  findings: { code: string; path: string; message: string }[];
  /** Why no change can be planned (the namespace exists in the repository, say). */
  problem: { code: string; message: string } | null;
}

/**
 * What approving a request would write into the GitOps repository, against its newest
 * head: the dry run of the service. Uses its own clone so it never disturbs a delivery,
 * one preview at a time, and remembers answers until the head or the request changes.
 */
export function planPreviewer(ctx: OnboardingContext, settings: ProvisioningSettings) {
  const workDir = `${settings.target.workDir}-preview`;
  const remembered = new Map<string, PlanPreview>();
  let queue: Promise<unknown> = Promise.resolve();

  const preview = async (requestId: number): Promise<PlanPreview> => {
    const request = await findRequest({ tx: ctx.db }, requestId);
    if (!request) throw new OpfError('OPF_ERR_NOT_FOUND', `request ${requestId} does not exist`);
    const { target } = settings;
    const head = await syncWorkspace(target.remote, workDir, target.branch);
    const key = `${head}:${requestId}:${request.version}`;
    const known = remembered.get(key);
    if (known) return known;
    const base = { requestId, requestVersion: request.version, head };
    let result: PlanPreview;
    try {
      const repo = openRepository(workDir);
      const plan = planOnboarding(repo, request.spec, {
        requestUrl: requestUrl(settings.publicUrl, requestId),
      });
      const { added } = judgeChange(repo.fs, plan.changes);
      result = {
        ...base,
        files: plan.changes.map((c) => ({ path: c.path, action: c.action })),
        diff: unifiedDiffs(plan.changes),
        findings: added.map((f) => ({ code: f.code, path: f.path, message: f.message })),
        problem: null,
      };
    } catch (error) {
      if (!isOpfError(error)) throw error;
      result = {
        ...base,
        files: [],
        diff: '',
        findings: [],
        problem: { code: error.code, message: error.message },
      };
    }
    if (remembered.size > 200) remembered.clear();
    remembered.set(key, result);
    return result;
  };

  return (requestId: number): Promise<PlanPreview> => {
    const next = queue.then(() => preview(requestId));
    queue = next.catch(() => undefined);
    return next;
  };
}
