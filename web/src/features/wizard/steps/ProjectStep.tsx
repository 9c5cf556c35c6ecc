import { Form } from '@patternfly/react-core/dist/esm/components/Form';
import { TextField } from '../../../shared/components/TextField.tsx';
import type { WizardDraft } from '../draft.ts';
import type { StepProps } from '../stepProps.ts';
import { fieldId } from '../validate.ts';

type ProjectKey = keyof WizardDraft['project'];

const FIELDS: {
  key: ProjectKey;
  label: string;
  hint: string;
  required?: boolean;
  multiline?: boolean;
}[] = [
  {
    key: 'name',
    label: 'Project name',
    hint: 'Lower-case letters, digits and dashes, e.g. my-project.',
    required: true,
  },
  { key: 'displayName', label: 'Display name', hint: 'How people call it, e.g. My Project.' },
  {
    key: 'description',
    label: 'What it is',
    hint: 'A few sentences for the reviewers and the directory.',
    required: true,
    multiline: true,
  },
  { key: 'repositoryUrl', label: 'Repository', hint: 'https://… where the code lives.' },
  { key: 'docsUrl', label: 'Documentation', hint: 'https://… (optional).' },
];

export function ProjectStep({ draft, update, error }: StepProps) {
  return (
    <Form onSubmit={(event) => event.preventDefault()}>
      {FIELDS.map((field) => {
        const path = `project.${field.key}`;
        return (
          <TextField
            key={field.key}
            id={fieldId(path)}
            label={field.label}
            hint={field.hint}
            isRequired={field.required ?? false}
            multiline={field.multiline ?? false}
            value={draft.project[field.key]}
            error={error(path)}
            onChange={(value) =>
              update(path, (d) => ({ ...d, project: { ...d.project, [field.key]: value } }))
            }
          />
        );
      })}
    </Form>
  );
}
