import { Wizard, WizardStep } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../../shared/api.ts';
import { AppPage, Notice } from '../../shared/components/index.ts';
import { errorAt, errorsFromApi, type FieldErrors } from '../../shared/fieldErrors.ts';
import { useSession } from '../../shared/session.ts';
import { useToken } from '../../shared/token.ts';
import type { Cluster, QuotaTier, RequestView, TermsVersion } from '../../shared/types.ts';
import { clearDraft, emptyDraft, loadDraft, saveDraft, toSpec, type WizardDraft } from './draft.ts';
import { StepFooter } from './StepFooter.tsx';
import { ArgoStep } from './steps/ArgoStep.tsx';
import { NamespacesStep } from './steps/NamespacesStep.tsx';
import { ProjectStep } from './steps/ProjectStep.tsx';
import { ReviewStep } from './steps/ReviewStep.tsx';
import { TeamStep } from './steps/TeamStep.tsx';
import { TermsStep } from './steps/TermsStep.tsx';
import { STEPS, type StepId, stepOf, validateSpec } from './validate.ts';

const STEP_NAMES: Record<StepId, string> = {
  project: 'Project',
  team: 'Team and members',
  namespaces: 'Namespaces and quotas',
  argocd: 'ArgoCD',
  terms: 'Terms',
  review: 'Review',
};

export function RequestWizard(props: {
  clusters: Cluster[];
  tiers: QuotaTier[];
  terms: TermsVersion;
}) {
  const navigate = useNavigate();
  const token = useToken();
  const session = useSession();
  const [draft, setDraft] = useState<WizardDraft>(loadDraft);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState<ReadonlySet<StepId>>(new Set());
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [submitError, setSubmitError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  const spec = useMemo(() => toSpec(draft, props.terms.version), [draft, props.terms.version]);
  const clientErrors = useMemo(() => validateSpec(spec, props.terms), [spec, props.terms]);
  const firstErrorStep = (errors: FieldErrors) =>
    STEPS.find((s) => Object.keys(errors).some((k) => stepOf(k) === s));

  const error = (path: string) =>
    errorAt(serverErrors, path) ??
    (attempted.has(stepOf(path)) || touched.has(path) ? errorAt(clientErrors, path) : undefined);
  const update = (path: string, change: (d: WizardDraft) => WizardDraft) => {
    setDraft((current) => {
      const next = change(current);
      saveDraft(next);
      return next;
    });
    setTouched((current) => new Set([...current, path]));
    setServerErrors((current) =>
      Object.fromEntries(Object.entries(current).filter(([key]) => !key.startsWith(path))),
    );
  };
  const stepHasErrors = (step: StepId) =>
    Object.keys(serverErrors).some((k) => stepOf(k) === step) ||
    (attempted.has(step) && Object.keys(clientErrors).some((k) => stepOf(k) === step));
  const tryLeave = (step: StepId) => {
    setAttempted((current) => new Set([...current, step]));
    return !Object.keys(clientErrors).some((k) => stepOf(k) === step);
  };

  const submit = async (goTo: (id: StepId) => void) => {
    setAttempted(new Set(STEPS));
    const invalidStep = firstErrorStep(clientErrors);
    if (invalidStep) return goTo(invalidStep);
    if (!token && !session)
      return setSubmitError('Sign in first (top right): submitting needs it.');
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      const created = await api.post<RequestView>('/api/v1/requests', spec);
      clearDraft();
      navigate(`/requests/${created.id}`);
    } catch (caught) {
      const apiError = caught instanceof ApiError ? caught : undefined;
      setSubmitError(apiError?.message ?? String(caught));
      if (apiError) {
        const errors = errorsFromApi(apiError);
        setServerErrors(errors);
        const step = firstErrorStep(errors);
        if (step && step !== 'review') goTo(step);
      }
    } finally {
      setSubmitting(false);
    }
  };

  const steps: Record<StepId, React.ReactNode> = {
    project: <ProjectStep draft={draft} update={update} error={error} />,
    team: <TeamStep draft={draft} update={update} error={error} />,
    namespaces: (
      <NamespacesStep
        draft={draft}
        update={update}
        error={error}
        clusters={props.clusters}
        tiers={props.tiers}
      />
    ),
    argocd: <ArgoStep draft={draft} update={update} error={error} />,
    terms: <TermsStep draft={draft} update={update} error={error} terms={props.terms} />,
    review: <ReviewStep spec={spec} tiers={props.tiers} />,
  };

  return (
    <AppPage
      id="wizard"
      title="Bring your project"
      description="Ask for namespaces on the cloud. Your answers are checked as you go and kept in this browser until you submit."
    >
      {submitError && (
        <Notice variant="danger" title="The request was not accepted" dataTest="submit-error">
          {submitError}
        </Notice>
      )}
      <Wizard
        navAriaLabel="Steps of the request"
        footer={
          <StepFooter
            tryLeave={tryLeave}
            submitting={submitting}
            onSubmit={submit}
            onDiscard={() => {
              clearDraft();
              setDraft(emptyDraft());
              setTouched(new Set());
              setAttempted(new Set());
              setServerErrors({});
              setSubmitError(undefined);
            }}
          />
        }
      >
        {STEPS.map((step) => (
          <WizardStep
            key={step}
            id={step}
            name={STEP_NAMES[step]}
            status={stepHasErrors(step) ? 'error' : 'default'}
          >
            {steps[step]}
          </WizardStep>
        ))}
      </Wizard>
    </AppPage>
  );
}
