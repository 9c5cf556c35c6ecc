import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { ActionGroup, Form } from '@patternfly/react-core/dist/esm/components/Form';
import { Label } from '@patternfly/react-core/dist/esm/components/Label';
import { List, ListItem } from '@patternfly/react-core/dist/esm/components/List';
import { Title } from '@patternfly/react-core/dist/esm/components/Title';
import { useState } from 'react';
import { ApiError, api } from '../../shared/api.ts';
import { Notice } from '../../shared/components/Notice.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { TextField } from '../../shared/components/TextField.tsx';
import { errorAt, errorsFromApi, type FieldErrors } from '../../shared/fieldErrors.ts';
import { useSession } from '../../shared/session.ts';
import { formatTime } from '../../shared/time.ts';
import type { MemberChange, ProjectMembers } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const CHANGE_COLORS = { pending: 'blue', delivered: 'green', failed: 'red' } as const;

/**
 * An onboarded project's team. Anyone sees who is in it; its owner (or ops) adds and removes
 * members here. A change is a group file edit in the GitOps repository, so it shows as
 * pending until opf's job has delivered it.
 */
export function TeamMembers({ project }: { project: string }) {
  const path = `/api/v1/projects/${encodeURIComponent(project)}/members`;
  const team = useApi<ProjectMembers>(path);
  const session = useSession();
  const [login, setLogin] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const data = team.data;
  if (!data)
    return (
      <Panel title="Team members" dataTest="team-members">
        {team.error ? (
          <Notice variant="danger" title="The team cannot be shown" dataTest="team-error">
            {team.error.message}
          </Notice>
        ) : (
          <p className="opf-muted">Loading the team…</p>
        )}
      </Panel>
    );
  const mayChange =
    session !== undefined &&
    (same(session.login, data.owner) || session.role === 'ops' || session.role === 'admin');
  const listed = data.members.some((m) => same(m, data.owner))
    ? data.members
    : [data.owner, ...data.members];

  const change = async (action: 'add' | 'remove', who: string) => {
    setBusy(true);
    setErrors({});
    setDone(undefined);
    try {
      const made =
        action === 'add'
          ? await api.post<MemberChange>(path, { login: who })
          : await api.delete<MemberChange>(`${path}/${encodeURIComponent(who)}`);
      setDone(
        `${made.action === 'add' ? 'Adding' : 'Removing'} ${made.login}: the team's group file is being changed.`,
      );
      if (action === 'add') setLogin('');
      team.reload();
    } catch (caught) {
      const found = caught instanceof ApiError ? errorsFromApi(caught) : { '': String(caught) };
      // A removal has no field of its own: its error shows above the list.
      setErrors(action === 'add' ? found : { remove: Object.values(found)[0] ?? '' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title="Team members" dataTest="team-members">
      {done && <Notice variant="success" title={done} dataTest="member-change-done" />}
      {errors.remove && (
        <Notice variant="danger" title={errors.remove} dataTest="member-remove-error" />
      )}
      <List isPlain data-test="member-list" aria-label={`Members of team ${data.team}`}>
        {listed.map((member) => (
          <ListItem key={member.toLowerCase()} data-test="member">
            {member}{' '}
            {same(member, data.owner) ? (
              <Label color="purple" isCompact>
                owner
              </Label>
            ) : (
              mayChange && (
                <Button
                  variant="link"
                  isInline
                  isDanger
                  isDisabled={busy}
                  data-test="member-remove"
                  aria-label={`Remove ${member} from the team`}
                  onClick={() => void change('remove', member)}
                >
                  Remove
                </Button>
              )
            )}
          </ListItem>
        ))}
      </List>
      {mayChange && (
        <Form
          className="opf-gap-top"
          onSubmit={(event) => {
            event.preventDefault();
            void change('add', login.trim());
          }}
        >
          <TextField
            id="member-login"
            label="Add a member (their login)"
            value={login}
            onChange={setLogin}
            error={errorAt(errors, 'login') ?? errors['']}
            hint="A GitHub login, or the cluster's user name."
          />
          <ActionGroup>
            <Button
              type="submit"
              variant="secondary"
              data-test="member-add"
              isLoading={busy}
              isDisabled={busy || login.trim() === ''}
            >
              Add member
            </Button>
          </ActionGroup>
        </Form>
      )}
      {data.changes.length > 0 && (
        <>
          <Title headingLevel="h3" size="md" className="opf-gap-top">
            Recent changes
          </Title>
          <List isPlain data-test="member-changes">
            {data.changes.slice(0, 5).map((c) => (
              <ListItem key={c.id} data-test="member-change">
                <Label color={CHANGE_COLORS[c.state]} isCompact>
                  {c.state}
                </Label>{' '}
                {c.action === 'add' ? 'add' : 'remove'} {c.login}, asked by {c.requestedBy}{' '}
                <time dateTime={c.requestedAt}>{formatTime(c.requestedAt)}</time>
                {c.state === 'failed' && c.message && (
                  <span className="opf-muted"> ({c.message})</span>
                )}
              </ListItem>
            ))}
          </List>
        </>
      )}
    </Panel>
  );
}
