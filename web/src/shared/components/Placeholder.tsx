import { EmptyState, EmptyStateBody } from '@patternfly/react-core/dist/esm/components/EmptyState';
import type { ReactNode } from 'react';

/** A panel whose content arrives with a later capability, or a list with nothing in it. */
export function Placeholder(props: { title: string; dataTest: string; children: ReactNode }) {
  return (
    <EmptyState variant="xs" titleText={props.title} headingLevel="h3" data-test={props.dataTest}>
      <EmptyStateBody>{props.children}</EmptyStateBody>
    </EmptyState>
  );
}
