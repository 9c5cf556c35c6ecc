import { Content } from '@patternfly/react-core/dist/esm/components/Content';
import { Panel } from '../../shared/components/Panel.tsx';
import type { TermsVersion } from '../../shared/types.ts';

/** The environment's terms, as the API publishes them: each project accepts every one. */
export function TermsPanel({ terms }: { terms: TermsVersion }) {
  return (
    <Panel title={`Understand the environment (terms ${terms.version})`} dataTest="terms">
      <Content component="ul">
        {terms.items.map((item) => (
          <Content component="li" key={item.id} data-test={`term-${item.id}`}>
            <strong>{item.title}.</strong> {item.text}
          </Content>
        ))}
      </Content>
    </Panel>
  );
}
