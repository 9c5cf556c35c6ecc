import { FormHelperText } from '@patternfly/react-core/dist/esm/components/Form';
import { HelperText, HelperTextItem } from '@patternfly/react-core/dist/esm/components/HelperText';

/** The message under a field: the zod schema's or the API's, in its own words. */
export function FieldMessage(props: { id: string; error?: string; hint?: string }) {
  if (!props.error && !props.hint) return null;
  return (
    <FormHelperText>
      <HelperText id={props.id}>
        <HelperTextItem
          variant={props.error ? 'error' : 'default'}
          data-test={props.error ? 'field-error' : 'field-hint'}
        >
          {props.error ?? props.hint}
        </HelperTextItem>
      </HelperText>
    </FormHelperText>
  );
}
