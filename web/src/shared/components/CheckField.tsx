import { Checkbox } from '@patternfly/react-core/dist/esm/components/Checkbox';
import type { ReactNode } from 'react';

export function CheckField(props: {
  id: string;
  label: ReactNode;
  description?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <Checkbox
      id={props.id}
      data-test={props.id}
      label={props.label}
      description={props.description}
      isChecked={props.checked}
      onChange={(_event, checked) => props.onChange(checked)}
    />
  );
}
