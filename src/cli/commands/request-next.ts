import type { RequestAction } from '../../core/index.ts';

/**
 * The `opf` commands that take each lifecycle action, as `opf request show` suggests them:
 * only commands that exist (a test parses every one), with the arguments they need.
 * `start-offboarding` is the decision on a proposal; an active request is proposed first.
 */
const COMMAND_OF: Record<RequestAction, (id: number) => string> = {
  submit: (id) => `opf request resubmit ${id}`,
  update: (id) => `opf request update ${id} -f FILE`,
  'start-review': (id) => `opf request review ${id}`,
  'request-changes': (id) => `opf request request-changes ${id} -r WHY`,
  approve: (id) => `opf request approve ${id}`,
  reject: (id) => `opf request reject ${id} -r WHY`,
  withdraw: (id) => `opf request withdraw ${id}`,
  provision: (id) => `opf request provision ${id}`,
  activate: (id) => `opf request activate ${id}`,
  'start-offboarding': (id) => `opf request offboard ${id} -r WHY`,
  'finish-offboarding': (id) => `opf request finish-offboarding ${id}`,
};

/** What can be done next, as commands; an open offboarding proposal adds its two answers. */
export function nextCommands(
  id: number,
  allowed: readonly RequestAction[],
  openProposal = false,
): string[] {
  const commands = allowed.map((action) =>
    action === 'start-offboarding' && openProposal
      ? `opf request start-offboarding ${id}`
      : COMMAND_OF[action](id),
  );
  if (openProposal) commands.push(`opf request cancel-offboarding ${id} -r WHY`);
  return commands;
}
