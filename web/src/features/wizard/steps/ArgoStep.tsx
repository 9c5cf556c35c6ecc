import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { Card, CardBody } from '@patternfly/react-core/dist/esm/components/Card';
import { Form } from '@patternfly/react-core/dist/esm/components/Form';
import { Switch } from '@patternfly/react-core/dist/esm/components/Switch';
import { SelectField } from '../../../shared/components/SelectField.tsx';
import { TextField } from '../../../shared/components/TextField.tsx';
import { type ApplicationDraft, emptyApplication } from '../draft.ts';
import type { StepProps } from '../stepProps.ts';
import { fieldId } from '../validate.ts';

const FIELDS: { key: 'name' | 'repoUrl' | 'path'; label: string; hint: string }[] = [
  { key: 'name', label: 'Application name', hint: 'e.g. my-project-app.' },
  { key: 'repoUrl', label: 'Repository', hint: 'https://… holding the manifests.' },
  {
    key: 'path',
    label: 'Path in the repository',
    hint: 'Where the manifests are; "." for the top.',
  },
];

export function ArgoStep({ draft, update, error }: StepProps) {
  const { enabled, applications } = draft.argocd;
  const setApps = (path: string, apps: (list: ApplicationDraft[]) => ApplicationDraft[]) =>
    update(path, (d) => ({
      ...d,
      argocd: { ...d.argocd, applications: apps(d.argocd.applications) },
    }));
  const set = (index: number, key: keyof ApplicationDraft) => (value: string) =>
    setApps(`argocd.applications[${index}].${key}`, (list) =>
      list.map((app, i) => (i === index ? { ...app, [key]: value } : app)),
    );
  const namespaceOptions = [
    { value: '', label: 'Choose a namespace' },
    ...draft.namespaces.filter((ns) => ns.name).map((ns) => ({ value: ns.name, label: ns.name })),
  ];
  return (
    <Form onSubmit={(event) => event.preventDefault()}>
      <Switch
        id="field-argocd-enabled"
        data-test="field-argocd-enabled"
        label="ArgoCD deploys our workload from a Git repository"
        isChecked={enabled}
        onChange={(_event, checked) =>
          update('argocd.enabled', (d) => ({
            ...d,
            argocd: {
              enabled: checked,
              applications:
                checked && d.argocd.applications.length === 0
                  ? [emptyApplication()]
                  : d.argocd.applications,
            },
          }))
        }
      />
      {enabled &&
        applications.map((app, index) => {
          const at = (key: string) => `argocd.applications[${index}].${key}`;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: applications have no id until named
            <Card key={index} isCompact data-test="application-card">
              <CardBody>
                {FIELDS.map((field) => (
                  <TextField
                    key={field.key}
                    id={fieldId(at(field.key))}
                    label={field.label}
                    hint={field.hint}
                    isRequired
                    value={app[field.key]}
                    error={error(at(field.key))}
                    onChange={set(index, field.key)}
                  />
                ))}
                <SelectField
                  id={fieldId(at('namespace'))}
                  label="Deploys into namespace"
                  value={app.namespace}
                  options={namespaceOptions}
                  error={error(at('namespace'))}
                  onChange={set(index, 'namespace')}
                />
                <Button
                  variant="link"
                  isDanger
                  onClick={() =>
                    setApps('argocd.applications', (list) => list.filter((_, i) => i !== index))
                  }
                >
                  Remove application
                </Button>
              </CardBody>
            </Card>
          );
        })}
      {enabled && (
        <Button
          variant="secondary"
          data-test="application-add"
          onClick={() => setApps('argocd.applications', (list) => [...list, emptyApplication()])}
        >
          Add an application
        </Button>
      )}
    </Form>
  );
}
