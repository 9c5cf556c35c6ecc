import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { Wizard, WizardStep } from '@patternfly/react-core/dist/esm/components/Wizard';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, isStale } from '../../shared/api.ts';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Notice } from '../../shared/components/Notice.tsx';
import { errorAt, errorsFromApi, type FieldErrors } from '../../shared/fieldErrors.ts';
import { useSession } from '../../shared/session.ts';
import { useToken } from '../../shared/token.ts';
import type { Cluster, QuotaTier, TermsVersion } from '../../shared/types.ts';
import { SignInNeeded } from '../auth/SignInNeeded.tsx';
import { toSpec, type WizardDraft } from './draft.ts';
import { StepFooter } from './StepFooter.tsx';
import { ArgoStep } from './steps/ArgoStep.tsx';
import { NamespacesStep } from './steps/NamespacesStep.tsx';
import { ProjectStep } from './steps/ProjectStep.tsx';
import { ReviewStep } from './steps/ReviewStep.tsx';
import { TeamStep } from './steps/TeamStep.tsx';
import { TermsStep } from './steps/TermsStep.tsx';
import { newRequestTarget, type WizardTarget } from './target.ts';
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
  /** Default: a new request. */
  target?: WizardTarget;
  /** An edit made from an older version was refused: load the request as it is now. */
  onConflict?: () => void;
}) {
  const [target] = useState(() => props.target ?? newRequestTarget());
  const navigate = useNavigate();
  const token = useToken();
  const session = useSession();
  const [draft, setDraft] = useState<WizardDraft>(target.load);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState<ReadonlySet<StepId>>(new Set());
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [submitError, setSubmitError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const [conflict, setConflict] = useState<string>();

  const spec = useMemo(
    () => target.complete(toSpec(draft, props.terms.version)),
    [draft, props.terms.version, target],
  );
  const clientErrors = useMemo(() => validateSpec(spec, props.terms), [spec, props.terms]);
  const firstErrorStep = (errors: FieldErrors) =>
    STEPS.find((s) => Object.keys(errors).some((k) => stepOf(k) === s));

  const error = (path: string) =>
    errorAt(serverErrors, path) ??
    (attempted.has(stepOf(path)) || touched.has(path) ? errorAt(clientErrors, path) : undefined);
  const update = (path: string, change: (d: WizardDraft) => WizardDraft) => {
    setDraft((current) => {
      const next = change(current);
      target.save(next);
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
      const saved = await target.send(spec);
      target.clear();
      navigate(`/requests/${saved.id}`);
    } catch (caught) {
      const apiError = caught instanceof ApiError ? caught : undefined;
      // Only a version conflict means someone else edited first; a taken namespace or
      // project name (409 too) belongs at its field.
      if (isStale(apiError) && target.editing) return setConflict(apiError.message);
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
      id={target.editing ? 'request-edit' : 'wizard'}
      title={target.title}
      description={target.description}
    >
      {conflict && (
        <Notice
          variant="danger"
          title="Someone else changed this request first"
          dataTest="edit-conflict"
        >
          {conflict}. Your edit is still here; to save, start again from the request as it is now
          (your edit is discarded).{' '}
          <Button
            variant="link"
            isInline
            data-test="edit-reload"
            onClick={() => {
              target.clear();
              props.onConflict?.();
            }}
          >
            Load the current request
          </Button>
        </Notice>
      )}
      {!target.editing && <SignInNeeded returnTo="/requests/new" />}
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
            submitLabel={target.submitLabel}
            discardLabel={target.discardLabel}
            onSubmit={submit}
            onDiscard={() => {
              target.clear();
              setDraft(target.fresh());
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
