import type { RequestView } from '../core/index.ts';
import { appendAuditEvent, type TxContext } from '../store/index.ts';
import type { Actor } from './context.ts';

/** Every change of a request leaves exactly one public audit event: its history. */
export async function recordRequestEvent(
  ctx: TxContext,
  actor: Actor,
  action: string,
  before: RequestView | undefined,
  after: RequestView,
  reason?: string,
  extra?: Record<string, unknown>,
): Promise<void> {
  await appendAuditEvent(ctx, {
    actor: actor.name,
    action: `request.${action}`,
    subjectType: 'request',
    subjectId: String(after.id),
    reason: reason ?? null,
    before: before ? { state: before.state, version: before.version } : null,
    after: { state: after.state, version: after.version, ...extra },
    source: actor.source ?? null,
    visibility: 'public',
  });
}
