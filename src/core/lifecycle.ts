import { OpfError } from './errors.ts';

/** Where an onboarding request stands. */
export const REQUEST_STATES = [
  'draft',
  'submitted',
  'in-review',
  'changes-requested',
  'approved',
  'rejected',
  'provisioning',
  'active',
  'offboarding',
  'offboarded',
  'withdrawn',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** What can be done to a request; each action has the states it starts from and leads to. */
export const REQUEST_ACTIONS = [
  'submit',
  'update',
  'start-review',
  'request-changes',
  'approve',
  'reject',
  'withdraw',
  'provision',
  'activate',
  'start-offboarding',
  'finish-offboarding',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

interface Transition {
  from: readonly RequestState[];
  /** undefined: the action keeps the state (an edit). */
  to?: RequestState;
  /** Reviewer actions that must say why. */
  needsReason?: boolean;
}

export const TRANSITIONS: Record<RequestAction, Transition> = {
  submit: { from: ['draft', 'changes-requested'], to: 'submitted' },
  // Edits are allowed while the ops team has not started looking, and when asked for.
  update: { from: ['draft', 'submitted', 'changes-requested'] },
  'start-review': { from: ['submitted'], to: 'in-review' },
  'request-changes': {
    from: ['submitted', 'in-review'],
    to: 'changes-requested',
    needsReason: true,
  },
  approve: { from: ['in-review'], to: 'approved' },
  reject: { from: ['submitted', 'in-review'], to: 'rejected', needsReason: true },
  withdraw: { from: ['draft', 'submitted', 'in-review', 'changes-requested'], to: 'withdrawn' },
  provision: { from: ['approved'], to: 'provisioning' },
  activate: { from: ['provisioning'], to: 'active' },
  'start-offboarding': { from: ['active'], to: 'offboarding', needsReason: true },
  'finish-offboarding': { from: ['offboarding'], to: 'offboarded' },
};

/** States from which nothing more can happen. */
export const FINAL_STATES: readonly RequestState[] = ['rejected', 'withdrawn', 'offboarded'];

/** States in which a request holds its namespaces and its project name. */
export function holdsClaims(state: RequestState): boolean {
  return !FINAL_STATES.includes(state);
}

export function canApply(action: RequestAction, state: RequestState): boolean {
  return TRANSITIONS[action].from.includes(state);
}

export function allowedActions(state: RequestState): RequestAction[] {
  return REQUEST_ACTIONS.filter((action) => canApply(action, state));
}

/** The state after `action`, or a ConflictError naming what is allowed instead. */
export function nextState(state: RequestState, action: RequestAction): RequestState {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(state)) {
    const allowed = allowedActions(state);
    throw new OpfError(
      'OPF_ERR_TRANSITION_ILLEGAL',
      `cannot ${action} a request that is ${state}; allowed now: ${allowed.length ? allowed.join(', ') : 'nothing (final state)'}`,
    );
  }
  return transition.to ?? state;
}

export function needsReason(action: RequestAction): boolean {
  return TRANSITIONS[action].needsReason === true;
}
