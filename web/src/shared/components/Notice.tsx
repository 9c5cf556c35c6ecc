import { Alert } from '@patternfly/react-core/dist/esm/components/Alert';
import type { ReactNode } from 'react';

export function Notice(props: {
  variant: 'info' | 'success' | 'warning' | 'danger';
  title: string;
  dataTest: string;
  children?: ReactNode;
}) {
  return (
    <Alert
      className="opf-notice"
      variant={props.variant}
      isInline
      title={props.title}
      data-test={props.dataTest}
    >
      {props.children}
    </Alert>
  );
}
