import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import {
  useWizardContext,
  WizardFooterWrapper,
} from '@patternfly/react-core/dist/esm/components/Wizard';
import type { StepId } from './validate.ts';

/** Next checks the step first: its problems show at the fields rather than a dead button. */
export function StepFooter(props: {
  tryLeave: (step: StepId) => boolean;
  onSubmit: (goTo: (step: StepId) => void) => void;
  onDiscard: () => void;
  submitting: boolean;
  submitLabel: string;
  discardLabel: string;
}) {
  const { activeStep, goToNextStep, goToPrevStep, goToStepById } = useWizardContext();
  const step = activeStep.id as StepId;
  return (
    <WizardFooterWrapper>
      {step !== 'project' && (
        <Button variant="secondary" data-test="wizard-back" onClick={goToPrevStep}>
          Back
        </Button>
      )}
      {step === 'review' ? (
        <Button
          variant="primary"
          data-test="wizard-submit"
          isLoading={props.submitting}
          isDisabled={props.submitting}
          onClick={() => props.onSubmit(goToStepById)}
        >
          {props.submitLabel}
        </Button>
      ) : (
        <Button
          variant="primary"
          data-test="wizard-next"
          onClick={() => {
            if (props.tryLeave(step)) goToNextStep();
          }}
        >
          Next
        </Button>
      )}
      <Button variant="link" data-test="wizard-discard" onClick={props.onDiscard}>
        {props.discardLabel}
      </Button>
    </WizardFooterWrapper>
  );
}
