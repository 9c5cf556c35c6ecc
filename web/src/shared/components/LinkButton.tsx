import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** A button that navigates inside the portal (a real link, so it opens in a new tab too). */
export function LinkButton(props: {
  to: string;
  dataTest: string;
  variant?: 'primary' | 'secondary' | 'link';
  children: ReactNode;
}) {
  return (
    <Button
      variant={props.variant ?? 'primary'}
      data-test={props.dataTest}
      component={(rest: object) => <Link {...rest} to={props.to} />}
    >
      {props.children}
    </Button>
  );
}
