import { Content } from '@patternfly/react-core/dist/esm/components/Content';
import { PageSection } from '@patternfly/react-core/dist/esm/components/Page';
import { Title } from '@patternfly/react-core/dist/esm/components/Title';
import { type ReactNode, useEffect } from 'react';

/** One page of the portal: its heading, a line saying what it is for, and its sections. */
export function AppPage(props: {
  id: string;
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  useEffect(() => {
    document.title = `${props.title} · opf`;
  }, [props.title]);
  return (
    <div data-test={`page-${props.id}`}>
      <PageSection>
        <div className="opf-page-head">
          <div>
            <Title headingLevel="h1">{props.title}</Title>
            {props.description && <Content component="p">{props.description}</Content>}
          </div>
          {props.actions}
        </div>
      </PageSection>
      <PageSection>{props.children}</PageSection>
    </div>
  );
}
