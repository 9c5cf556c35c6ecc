import { Panel } from '../../shared/components/Panel.tsx';
import { Placeholder } from '../../shared/components/Placeholder.tsx';
import { formatTime } from '../../shared/time.ts';
import type { CommentView } from '../../shared/types.ts';

/** The thread, oldest first; `children` is where one answers (the comment form). */
export function Comments({
  comments,
  children,
}: {
  comments: CommentView[];
  children?: React.ReactNode;
}) {
  return (
    <Panel title="Comments" dataTest="comments">
      {comments.length === 0 ? (
        <Placeholder title="No comments yet" dataTest="comments-empty">
          Reviewers and the team talk here, in the open.
        </Placeholder>
      ) : (
        <ul className="opf-comments">
          {comments.map((comment) => (
            <li key={comment.id} data-test="comment">
              <div className="opf-muted">
                {comment.author},{' '}
                <time dateTime={comment.createdAt}>{formatTime(comment.createdAt)}</time>
              </div>
              <p>{comment.body}</p>
            </li>
          ))}
        </ul>
      )}
      {children}
    </Panel>
  );
}
