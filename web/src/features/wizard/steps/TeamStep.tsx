import { Form } from '@patternfly/react-core/dist/esm/components/Form';
import { TextField } from '../../../shared/components/TextField.tsx';
import type { StepProps } from '../stepProps.ts';
import { fieldId } from '../validate.ts';

export function TeamStep({ draft, update, error }: StepProps) {
  const set = (key: 'name' | 'owner' | 'members') => (value: string) =>
    update(`team.${key}`, (d) => ({ ...d, team: { ...d.team, [key]: value } }));
  return (
    <Form onSubmit={(event) => event.preventDefault()}>
      <TextField
        id={fieldId('team.name')}
        label="Team name"
        hint="The group that gets access, e.g. my-project-team."
        isRequired
        value={draft.team.name}
        error={error('team.name')}
        onChange={set('name')}
      />
      <TextField
        id={fieldId('team.owner')}
        label="Owner (GitHub user)"
        hint="The person who answers for the project."
        isRequired
        value={draft.team.owner}
        error={error('team.owner')}
        onChange={set('owner')}
      />
      <TextField
        id={fieldId('team.members')}
        label="Members (GitHub users)"
        hint="One per line, or separated by commas; include the owner."
        isRequired
        multiline
        value={draft.team.members}
        error={error('team.members')}
        onChange={set('members')}
      />
    </Form>
  );
}
