import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canApply,
  isOpfError,
  REQUEST_ACTIONS,
  REQUEST_STATES,
  type RequestAction,
} from '../../src/core/index.ts';
import { applyRequestAction, getRequestDetail, submitRequest } from '../../src/onboarding/index.ts';
import type { Database } from '../../src/store/index.ts';
import { findRequest, listAuditEvents } from '../../src/store/index.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';
import { developer, reviewer, validRequest } from '../support/fixtures.ts';

type Action = Exclude<RequestAction, 'update'>;
const ACTIONS = REQUEST_ACTIONS.filter((a): a is Action => a !== 'update');

describe(`request lifecycle against the store (${testDatabaseKind()})`, () => {
  let database: Database;
  let ctx: { db: Database['db']; publicUrl: string };
  let counter = 0;
  beforeAll(async () => {
    database = await openTestDatabase();
    ctx = { db: database.db, publicUrl: 'http://opf.test' };
  });
  afterAll(() => database.close());

  it('property: random action sequences never reach an illegal state, and every accepted transition leaves exactly one audit event, and a refused one leaves the stored request as it was', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(
          fc.record({
            action: fc.constantFrom(...ACTIONS),
            reason: fc.option(fc.string({ minLength: 1, maxLength: 20 })),
          }),
          {
            maxLength: 12,
          },
        ),
        async (asDraft, steps) => {
          counter += 1;
          const request = await submitRequest(ctx, developer, validRequest(`prop-${counter}`), {
            draft: asDraft,
          });
          let state = request.state;
          let accepted = 0;
          for (const { action, reason } of steps) {
            const eventsBefore = await countEvents(request.id);
            const stored = await findRequest({ tx: ctx.db }, request.id);
            try {
              const after = await applyRequestAction(
                ctx,
                reviewer,
                request.id,
                action,
                reason === null ? {} : { reason },
              );
              expect(canApply(action, state)).toBe(true);
              state = after.state;
              accepted += 1;
              expect(await countEvents(request.id)).toBe(eventsBefore + 1);
            } catch (error) {
              if (!isOpfError(error)) throw error;
              // Refused: illegal here, or a reviewer action without its reason. Nothing written.
              expect(['OPF_ERR_TRANSITION_ILLEGAL', 'OPF_ERR_VALIDATION']).toContain(error.code);
              if (error.code === 'OPF_ERR_TRANSITION_ILLEGAL')
                expect(canApply(action, state)).toBe(false);
              expect(await countEvents(request.id)).toBe(eventsBefore);
              // And the request itself, read back from the store, is as it was.
              expect(await findRequest({ tx: ctx.db }, request.id)).toEqual(stored);
            }
            expect(REQUEST_STATES).toContain(state);
          }
          const detail = await getRequestDetail(ctx, request.id);
          expect(detail.request.state).toBe(state);
          // The creation event plus one per accepted transition.
          expect(detail.history.filter((e) => e.action !== 'request.comment')).toHaveLength(
            1 + accepted,
          );
          expect(detail.request.version).toBe(1 + accepted);
        },
      ),
      { numRuns: 25 },
    );
  });

  async function countEvents(requestId: number): Promise<number> {
    const events = await listAuditEvents(
      { tx: ctx.db },
      { subjectType: 'request', subjectId: String(requestId), publicOnly: false, limit: 1000 },
    );
    return events.length;
  }
});
