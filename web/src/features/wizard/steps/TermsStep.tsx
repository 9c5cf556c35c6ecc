import { Form, FormGroup } from '@patternfly/react-core/dist/esm/components/Form';
import { CheckField } from '../../../shared/components/CheckField.tsx';
import { FieldMessage } from '../../../shared/components/FieldError.tsx';
import type { TermsVersion } from '../../../shared/types.ts';
import type { StepProps } from '../stepProps.ts';
import { fieldId } from '../validate.ts';

/** Each term on its own, with its text: accepting is a decision per term, not one click. */
export function TermsStep({ draft, update, error, terms }: StepProps & { terms: TermsVersion }) {
  const toggle = (id: string, checked: boolean) =>
    update('terms.accepted', (d) => ({
      ...d,
      accepted: checked ? [...new Set([...d.accepted, id])] : d.accepted.filter((a) => a !== id),
    }));
  return (
    <Form onSubmit={(event) => event.preventDefault()}>
      <FormGroup
        role="group"
        isStack
        label={`The terms of this cloud (version ${terms.version})`}
        fieldId={fieldId('terms.accepted')}
      >
        {terms.items.map((item) => (
          <CheckField
            key={item.id}
            id={`term-${item.id}`}
            label={item.title}
            description={item.text}
            checked={draft.accepted.includes(item.id)}
            onChange={(checked) => toggle(item.id, checked)}
          />
        ))}
        <FieldMessage
          id={`${fieldId('terms.accepted')}-message`}
          error={error('terms.accepted') ?? error('terms')}
        />
      </FormGroup>
    </Form>
  );
}
