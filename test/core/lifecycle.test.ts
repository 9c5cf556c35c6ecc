import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  canApply,
  FINAL_STATES,
  isOpfError,
  nextState,
  REQUEST_ACTIONS,
  REQUEST_STATES,
  type RequestAction,
  type RequestState,
} from '../../src/core/index.ts';

describe('request lifecycle', () => {
  it('follows the documented happy path', () => {
    let state: RequestState = 'draft';
    for (const action of [
      'submit',
      'start-review',
      'request-changes',
      'submit',
      'start-review',
      'approve',
      'provision',
      'activate',
      'start-offboarding',
      'finish-offboarding',
    ] as const)
      state = nextState(state, action);
    expect(state).toBe('offboarded');
  });

  it('refuses an illegal transition with a conflict code that lists what is allowed', () => {
    try {
      nextState('approved', 'reject');
      expect.unreachable();
    } catch (error) {
      expect(isOpfError(error) && error.code).toBe('OPF_ERR_TRANSITION_ILLEGAL');
      expect((error as Error).message).toContain('allowed now: provision');
    }
  });

  it('final states allow nothing', () => {
    for (const state of FINAL_STATES) expect(allowedActions(state)).toEqual([]);
  });

  it('every state is reachable from draft', () => {
    const reached = new Set<RequestState>(['draft']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const state of [...reached])
        for (const action of allowedActions(state)) {
          const next = nextState(state, action);
          if (!reached.has(next)) {
            reached.add(next);
            grew = true;
          }
        }
    }
    expect([...reached].sort()).toEqual([...REQUEST_STATES].sort());
  });

  it('allows exactly the documented transitions, each to its documented state', () => {
    for (const state of REQUEST_STATES)
      for (const action of REQUEST_ACTIONS) {
        const expected = documentedNext(state, action);
        const where = `${action} from ${state}`;
        if (expected === undefined) expect(() => nextState(state, action), where).toThrow(/cannot/);
        else expect(nextState(state, action), where).toBe(expected);
        expect(canApply(action, state), where).toBe(expected !== undefined);
      }
  });

  it('property: along any action sequence the machine agrees with the documented lifecycle, and a refusal is an OPF_ERR_TRANSITION_ILLEGAL that names what is allowed', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...REQUEST_ACTIONS), { maxLength: 40 }), (actions) => {
        // The documented lifecycle walks beside the machine; the machine's own answers are
        // checked against it, never used to decide what to expect.
        let documented: RequestState = 'draft';
        let machine: RequestState = 'draft';
        for (const action of actions) {
          const expected = documentedNext(documented, action);
          const allowedHere = REQUEST_ACTIONS.filter((a) => documentedNext(documented, a));
          try {
            machine = nextState(machine, action);
            expect(expected, `${action} from ${documented} was accepted`).toBeDefined();
          } catch (error) {
            expect(isOpfError(error) && error.code).toBe('OPF_ERR_TRANSITION_ILLEGAL');
            expect(expected, `${action} from ${documented} was refused`).toBeUndefined();
            expect((error as Error).message).toContain(
              allowedHere.length ? `allowed now: ${allowedHere.join(', ')}` : 'nothing',
            );
          }
          documented = expected ?? documented;
          expect(machine).toBe(documented);
          expect(allowedActions(machine)).toEqual(
            REQUEST_ACTIONS.filter((a) => documentedNext(documented, a)),
          );
        }
      }),
    );
  });
});

/**
 * The lifecycle as the README and the portal describe it, written out here independently
 * of src/core/lifecycle.ts: from each state, what each action leads to ('same': an edit).
 */
const DOCUMENTED: Record<RequestAction, Partial<Record<RequestState, RequestState | 'same'>>> = {
  submit: { draft: 'submitted', 'changes-requested': 'submitted' },
  update: { draft: 'same', submitted: 'same', 'changes-requested': 'same' },
  'start-review': { submitted: 'in-review' },
  'request-changes': { submitted: 'changes-requested', 'in-review': 'changes-requested' },
  approve: { 'in-review': 'approved' },
  reject: { submitted: 'rejected', 'in-review': 'rejected' },
  withdraw: {
    draft: 'withdrawn',
    submitted: 'withdrawn',
    'in-review': 'withdrawn',
    'changes-requested': 'withdrawn',
  },
  provision: { approved: 'provisioning' },
  activate: { provisioning: 'active' },
  'start-offboarding': { active: 'offboarding' },
  'finish-offboarding': { offboarding: 'offboarded' },
};

function documentedNext(state: RequestState, action: RequestAction): RequestState | undefined {
  const to = DOCUMENTED[action][state];
  return to === 'same' ? state : to;
}
