import { FormGroup } from '@patternfly/react-core/dist/esm/components/Form';
import {
  FormSelect,
  FormSelectOption,
} from '@patternfly/react-core/dist/esm/components/FormSelect';
import { FieldMessage } from './FieldError.tsx';

export function SelectField(props: {
  id: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  const messageId = `${props.id}-message`;
  return (
    <FormGroup label={props.label} fieldId={props.id}>
      <FormSelect
        id={props.id}
        data-test={props.id}
        value={props.value}
        validated={props.error ? 'error' : 'default'}
        aria-describedby={props.error ? messageId : undefined}
        onChange={(_event, value) => props.onChange(value)}
      >
        {props.options.map((option) => (
          <FormSelectOption key={option.value} value={option.value} label={option.label} />
        ))}
      </FormSelect>
      <FieldMessage id={messageId} error={props.error} />
    </FormGroup>
  );
}
