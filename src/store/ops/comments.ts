import type { CommentView } from '../../core/index.ts';
import type { TxContext } from '../schema.ts';

export async function insertComment(
  { tx }: TxContext,
  comment: { requestId: number; author: string; body: string },
): Promise<CommentView> {
  const row = await tx
    .insertInto('comments')
    .values({ request_id: comment.requestId, author: comment.author, body: comment.body })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCommentView(row);
}

export async function listComments({ tx }: TxContext, requestId: number): Promise<CommentView[]> {
  const rows = await tx
    .selectFrom('comments')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('id')
    .execute();
  return rows.map(toCommentView);
}

function toCommentView(row: {
  id: number;
  request_id: number;
  author: string;
  body: string;
  created_at: Date;
}): CommentView {
  return {
    id: row.id,
    requestId: row.request_id,
    author: row.author,
    body: row.body,
    createdAt: row.created_at.toISOString(),
  };
}
