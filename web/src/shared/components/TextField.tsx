import { FormGroup } from '@patternfly/react-core/dist/esm/components/Form';
import { TextArea } from '@patternfly/react-core/dist/esm/components/TextArea';
import { TextInput } from '@patternfly/react-core/dist/esm/components/TextInput';
import { FieldMessage } from './FieldError.tsx';

export interface FieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  isRequired?: boolean;
  multiline?: boolean;
  placeholder?: string;
  /** password: a secret (a token) is not shown as it is typed. */
  type?: 'text' | 'password';
}

/** A labelled input with its message; `id` doubles as the data-test name. */
export function TextField(props: FieldProps) {
  const messageId = `${props.id}-message`;
  const common = {
    id: props.id,
    'data-test': props.id,
    value: props.value,
    isRequired: props.isRequired ?? false,
    validated: props.error ? ('error' as const) : ('default' as const),
    'aria-describedby': props.error || props.hint ? messageId : undefined,
    placeholder: props.placeholder,
    onChange: (_event: unknown, value: string) => props.onChange(value),
  };
  return (
    <FormGroup label={props.label} fieldId={props.id} isRequired={props.isRequired ?? false}>
      {props.multiline ? (
        <TextArea {...common} resizeOrientation="vertical" />
      ) : (
        <TextInput
          {...common}
          type={props.type ?? 'text'}
          autoComplete={props.type === 'password' ? 'off' : undefined}
        />
      )}
      <FieldMessage id={messageId} error={props.error} {...(props.hint && { hint: props.hint })} />
    </FormGroup>
  );
}
