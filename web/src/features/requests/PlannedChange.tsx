import { Panel } from '../../shared/components/Panel.tsx';
import { Placeholder } from '../../shared/components/Placeholder.tsx';
import type { PlanPreview } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';

/** States in which the change is still to be written: the dry run says what it would be. */
const BEFORE_WRITING = new Set([
  'draft',
  'submitted',
  'in-review',
  'changes-requested',
  'approved',
]);

/**
 * Exactly what approval would write into the GitOps repository, as a diff against its
 * newest head: reviewers and the project read the same change before anyone decides.
 */
export function PlannedChange({ id, state }: { id: number; state: string }) {
  const wanted = BEFORE_WRITING.has(state);
  const plan = useApi<PlanPreview>(wanted ? `/api/v1/requests/${id}/plan` : undefined);
  if (!wanted) return null;
  return (
    <Panel title="What approval would write" dataTest="planned-change">
      {plan.loading && !plan.data ? (
        <Placeholder title="Planning…" dataTest="plan-loading">
          Planning the change against the GitOps repository.
        </Placeholder>
      ) : plan.error || !plan.data ? (
        <Placeholder title="No plan" dataTest="plan-unavailable">
          {plan.error?.message ?? 'The change cannot be planned right now.'}
        </Placeholder>
      ) : plan.data.problem ? (
        <Placeholder title="No change can be planned" dataTest="plan-problem">
          {plan.data.problem.message} ({plan.data.problem.code})
        </Placeholder>
      ) : (
        <>
          <p className="opf-muted">
            {plan.data.files.length} file(s) against <code>{plan.data.head.slice(0, 12)}</code>
            {plan.data.findings.length > 0 &&
              `; ${plan.data.findings.length} finding(s) would refuse it`}
          </p>
          <section aria-label="Planned change as a unified diff">
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus so keyboard users can scroll it (axe: scrollable-region-focusable) */}
            <pre className="opf-diff" data-test="plan-diff" tabIndex={0}>
              {plan.data.diff.split('\n').map((line, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: diff lines have no identity of their own
                <span key={index} className={lineClass(line)}>
                  {line}
                  {'\n'}
                </span>
              ))}
            </pre>
          </section>
        </>
      )}
    </Panel>
  );
}

function lineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return 'opf-diff-file';
  if (line.startsWith('+')) return 'opf-diff-add';
  if (line.startsWith('-')) return 'opf-diff-del';
  if (line.startsWith('@@')) return 'opf-diff-hunk';
  return '';
}
