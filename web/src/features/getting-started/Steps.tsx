import { Content } from '@patternfly/react-core/dist/esm/components/Content';
import { Panel } from '../../shared/components/Panel.tsx';
import type { SiteContent } from '../../shared/types.ts';

export function Steps({ steps }: { steps: SiteContent['steps'] }) {
  return (
    <Panel title="Bring your project, step by step" dataTest="steps">
      <Content component="ol">
        {steps.map((step) => (
          <Content component="li" key={step.title}>
            <strong>{step.title}.</strong> {step.text}
          </Content>
        ))}
      </Content>
    </Panel>
  );
}
