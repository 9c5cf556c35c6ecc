import { OpfError } from '../core/index.ts';
import { deliverChange } from '../delivery/index.ts';
import { planInstallOperator } from '../gitops/index.ts';
import { getProject, type OnboardingContext } from '../onboarding/index.ts';
import { appendAuditEvent } from '../store/index.ts';
import type { ProvisioningSettings } from './settings.ts';

export interface OperatorInstallInput {
  operator: string;
  catalog: string;
  /** One of the project's namespaces. */
  namespace: string;
  channel?: string;
  manual: boolean;
  singleNamespace: boolean;
}

export interface OperatorInstallResult {
  summary: string;
  mode: string;
  alreadyDone: boolean;
  commit: string | null;
  branch: string | null;
  pullRequestUrl: string | null;
}

/**
 * Installing an operator into one of a project's namespaces, as an ops action: opfcli's
 * install-operator (the OperatorGroup and the Subscription) listed on the namespace's cluster,
 * delivered like every other change (a push, or a pull request), and audited.
 */
export function operatorInstaller(ctx: OnboardingContext, settings: ProvisioningSettings) {
  return async (
    actor: { name: string },
    projectName: string,
    input: OperatorInstallInput,
  ): Promise<OperatorInstallResult> => {
    const project = await getProject(ctx, projectName);
    const ns = project.namespaces.find((n) => n.name === input.namespace);
    if (!ns?.cluster || !project.team)
      throw new OpfError(
        'OPF_ERR_VALIDATION',
        `namespace "${input.namespace}" is not a namespace of project "${projectName}" on a known cluster`,
      );
    const options = {
      namespace: ns.name,
      owner: project.team.name,
      cluster: ns.cluster,
      manual: input.manual,
      singleNamespace: input.singleNamespace,
      ...(input.channel !== undefined && { channel: input.channel }),
    };
    const title = `Install operator ${input.operator} in ${ns.name} (project ${projectName})\n\nAsked by ${actor.name} in opf: ${settings.publicUrl}/api/v1/projects/${encodeURIComponent(projectName)}`;
    let summary = '';
    const result = await deliverChange(
      settings.target,
      (repo) => {
        const plan = planInstallOperator(repo, input.operator, input.catalog, options);
        summary = plan.summary;
        return plan;
      },
      { title, changeBranch: `opf/operator-${projectName}-${input.operator}` },
    );
    const outcome: OperatorInstallResult = {
      summary,
      mode: result.mode,
      alreadyDone: result.alreadyDone,
      commit: result.commit ?? null,
      branch: result.branch ?? null,
      pullRequestUrl: result.pullRequest?.url ?? null,
    };
    await appendAuditEvent(
      { tx: ctx.db },
      {
        actor: actor.name,
        action: 'gitops.install-operator',
        subjectType: 'project',
        subjectId: projectName,
        after: { ...input, ...outcome },
        visibility: 'public',
      },
    );
    return outcome;
  };
}
