import { FormGroup } from '@patternfly/react-core/dist/esm/components/Form';
import { Radio } from '@patternfly/react-core/dist/esm/components/Radio';
import { FieldMessage } from '../../../shared/components/FieldError.tsx';
import { quotaText } from '../../../shared/quota.ts';
import type { QuotaTier } from '../../../shared/types.ts';

/** The quota tiers with what each gives, so the choice is made knowing the numbers. */
export function TierPicker(props: {
  id: string;
  tiers: QuotaTier[];
  value: string;
  onChange: (tier: string) => void;
  error?: string | undefined;
}) {
  return (
    <FormGroup role="radiogroup" isStack label="Quota tier" fieldId={props.id} data-test={props.id}>
      {props.tiers.map((tier) => (
        <Radio
          key={tier.name}
          id={`${props.id}-${tier.name}`}
          data-test={`${props.id}-${tier.name}`}
          name={props.id}
          isChecked={props.value === tier.name}
          onChange={() => props.onChange(tier.name)}
          label={`${tier.name}: ${tier.description}`}
          description={quotaText(tier.quota)}
        />
      ))}
      <FieldMessage id={`${props.id}-message`} error={props.error} />
    </FormGroup>
  );
}
