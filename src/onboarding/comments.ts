import { type CommentView, OpfError } from '../core/index.ts';
import { appendAuditEvent, findRequest, insertComment, type Tx } from '../store/index.ts';
import type { Actor, OnboardingContext } from './context.ts';

/** A comment in a request's public thread: where the project and the ops team talk. */
export async function addComment(
  ctx: OnboardingContext,
  actor: Actor,
  requestId: number,
  body: string,
): Promise<CommentView> {
  const text = body.trim();
  if (!text)
    throw new OpfError('OPF_ERR_VALIDATION', 'a comment needs some text', [
      { path: 'body', message: 'empty' },
    ]);
  return ctx.db.transaction().execute(async (tx: Tx) => {
    const request = await findRequest({ tx }, requestId);
    if (!request) throw new OpfError('OPF_ERR_NOT_FOUND', `request ${requestId} does not exist`);
    const comment = await insertComment({ tx }, { requestId, author: actor.name, body: text });
    await appendAuditEvent(
      { tx },
      {
        actor: actor.name,
        action: 'request.comment',
        subjectType: 'request',
        subjectId: String(requestId),
        after: { commentId: comment.id },
        source: actor.source ?? null,
        visibility: 'public',
      },
    );
    return comment;
  });
}
