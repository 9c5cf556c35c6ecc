import { Card, CardBody, CardTitle } from '@patternfly/react-core/dist/esm/components/Card';
import { Title } from '@patternfly/react-core/dist/esm/components/Title';
import type { ReactNode } from 'react';

/** A titled card; its heading level keeps the page's outline (h1 page, h2 panels). */
export function Panel(props: {
  title: string;
  dataTest: string;
  headingLevel?: 'h2' | 'h3';
  children: ReactNode;
}) {
  return (
    <Card data-test={props.dataTest} isFullHeight>
      <CardTitle>
        <Title headingLevel={props.headingLevel ?? 'h2'} size="lg">
          {props.title}
        </Title>
      </CardTitle>
      <CardBody>{props.children}</CardBody>
    </Card>
  );
}
