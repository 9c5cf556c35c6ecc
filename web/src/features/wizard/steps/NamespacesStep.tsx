import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { Card, CardBody, CardTitle } from '@patternfly/react-core/dist/esm/components/Card';
import { Form } from '@patternfly/react-core/dist/esm/components/Form';
import { Title } from '@patternfly/react-core/dist/esm/components/Title';
import { Notice } from '../../../shared/components/Notice.tsx';
import { SelectField } from '../../../shared/components/SelectField.tsx';
import { TextField } from '../../../shared/components/TextField.tsx';
import type { Cluster, QuotaTier } from '../../../shared/types.ts';
import { emptyNamespace, type NamespaceDraft } from '../draft.ts';
import type { StepProps } from '../stepProps.ts';
import { fieldId } from '../validate.ts';
import { TierPicker } from './TierPicker.tsx';

export function NamespacesStep(props: StepProps & { clusters: Cluster[]; tiers: QuotaTier[] }) {
  const { draft, update, error, clusters, tiers } = props;
  const clusterOptions = [
    { value: '', label: 'Choose a cluster' },
    ...clusters.map((c) => ({ value: `${c.env}/${c.name}`, label: c.displayName })),
  ];
  const set = (index: number, key: keyof NamespaceDraft) => (value: string) =>
    update(`namespaces[${index}].${key}`, (d) => ({
      ...d,
      namespaces: d.namespaces.map((ns, i) => (i === index ? { ...ns, [key]: value } : ns)),
    }));
  const whole = error('namespaces');
  return (
    <Form onSubmit={(event) => event.preventDefault()}>
      {whole && !draft.namespaces.some((_, i) => error(`namespaces[${i}]`)) && (
        <Notice variant="danger" title={whole} dataTest="namespaces-error" />
      )}
      {draft.namespaces.map((ns, index) => {
        const at = (key: string) => `namespaces[${index}].${key}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: namespaces have no id until named
          <Card key={index} data-test="namespace-card" isCompact>
            <CardTitle>
              <Title headingLevel="h3" size="md">
                Namespace {index + 1}
                {ns.name && `: ${ns.name}`}
              </Title>
            </CardTitle>
            <CardBody>
              <TextField
                id={fieldId(at('name'))}
                label="Name"
                hint="Lower-case letters, digits and dashes, e.g. my-project-dev."
                isRequired
                value={ns.name}
                error={error(at('name'))}
                onChange={set(index, 'name')}
              />
              <SelectField
                id={fieldId(at('cluster'))}
                label="Cluster"
                value={ns.cluster}
                options={clusterOptions}
                error={error(at('cluster'))}
                onChange={set(index, 'cluster')}
              />
              <TierPicker
                id={fieldId(at('tier'))}
                tiers={tiers}
                value={ns.tier}
                error={error(at('tier'))}
                onChange={set(index, 'tier')}
              />
              {draft.namespaces.length > 1 && (
                <Button
                  variant="link"
                  isDanger
                  data-test="namespace-remove"
                  onClick={() =>
                    update('namespaces', (d) => ({
                      ...d,
                      namespaces: d.namespaces.filter((_, i) => i !== index),
                    }))
                  }
                >
                  Remove namespace {index + 1}
                </Button>
              )}
            </CardBody>
          </Card>
        );
      })}
      <Button
        variant="secondary"
        data-test="namespace-add"
        onClick={() =>
          update('namespaces', (d) => ({
            ...d,
            namespaces: [...d.namespaces, emptyNamespace(d.namespaces[0]?.cluster ?? '')],
          }))
        }
      >
        Add a namespace
      </Button>
    </Form>
  );
}
