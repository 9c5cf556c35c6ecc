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

  it('property: any action sequence stays within the states, and refusals leave the state as it was', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...REQUEST_ACTIONS), { maxLength: 40 }), (actions) => {
        let state: RequestState = 'draft';
        for (const action of actions) {
          if (canApply(action, state)) state = nextState(state, action);
          else expect(() => nextState(state, action)).toThrow(/cannot/);
          expect(REQUEST_STATES).toContain(state);
        }
      }),
    );
  });
});
