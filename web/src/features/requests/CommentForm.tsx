import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { Content } from '@patternfly/react-core/dist/esm/components/Content';
import { ActionGroup, Form } from '@patternfly/react-core/dist/esm/components/Form';
import { useState } from 'react';
import { useLocation } from 'react-router';
import { ApiError, api } from '../../shared/api.ts';
import { TextField } from '../../shared/components/TextField.tsx';
import { signIn } from '../../shared/session.ts';
import type { RequestView } from '../../shared/types.ts';
import { actsForTeam, type TeamAccess } from './teamAccess.ts';

/**
 * Where the team (and ops) answer in the thread. Anyone else is told why there is no form:
 * sign in, or be in the request's team.
 */
export function CommentForm(props: {
  request: RequestView;
  access: TeamAccess;
  onPosted: () => void;
}) {
  const { access, request } = props;
  const location = useLocation();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (access.kind === 'checking') return null;
  if (access.kind === 'anonymous')
    return (
      <Content component="p" className="opf-gap-top" data-test="comment-sign-in">
        <Button
          variant="link"
          isInline
          data-test="comment-sign-in-button"
          onClick={() => signIn(location.pathname)}
        >
          Sign in to comment
        </Button>{' '}
        (the request's team and the reviewers talk here).
      </Content>
    );
  if (!actsForTeam(access))
    return (
      <Content component="p" className="opf-gap-top opf-muted" data-test="comment-not-member">
        Only the team of {request.spec.team.name} (its owner {request.spec.team.owner} and its
        members) and the reviewers comment here; you are signed in as {access.login}.
      </Content>
    );

  const post = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/api/v1/requests/${request.id}/comments`, { body });
      setBody('');
      props.onPosted();
    } catch (caught) {
      const problem = caught instanceof ApiError ? caught : undefined;
      const atField = problem?.details.find((d) => d.path === 'body');
      setError(atField?.message ?? problem?.message ?? String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      className="opf-gap-top"
      onSubmit={(event) => {
        event.preventDefault();
        void post();
      }}
    >
      <TextField
        id="comment-body"
        label="Your comment"
        hint={`Posted in the open as ${access.login}.`}
        value={body}
        onChange={setBody}
        error={error}
        multiline
      />
      <ActionGroup>
        <Button type="submit" variant="secondary" isDisabled={busy} data-test="comment-post">
          Post comment
        </Button>
      </ActionGroup>
    </Form>
  );
}
