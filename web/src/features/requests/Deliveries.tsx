import { Panel } from '../../shared/components/Panel.tsx';
import { Placeholder } from '../../shared/components/Placeholder.tsx';
import { formatTime } from '../../shared/time.ts';
import type { Delivery } from '../../shared/types.ts';

/** What approval wrote to the GitOps repository: the commit, or the pull request. */
export function Deliveries({ deliveries }: { deliveries: Delivery[] }) {
  return (
    <Panel title="GitOps change" dataTest="deliveries">
      {deliveries.length === 0 ? (
        <Placeholder title="Nothing written yet" dataTest="deliveries-empty">
          Once the request is approved, its change is committed to the GitOps repository (or opened
          as a pull request) and shows here.
        </Placeholder>
      ) : (
        <ul className="opf-deliveries">
          {deliveries.map((d) => (
            <li key={d.id} data-test="delivery">
              <strong>{d.outcome}</strong> ({d.mode}), {formatTime(d.at)}
              {d.commitSha && (
                <div>
                  Commit <code data-test="delivery-commit">{d.commitSha.slice(0, 12)}</code>
                  {d.branch && ` on ${d.branch}`}
                </div>
              )}
              {d.pullRequestUrl && (
                <div>
                  <a
                    href={d.pullRequestUrl}
                    rel="noreferrer"
                    target="_blank"
                    data-test="delivery-pr"
                  >
                    Pull request
                  </a>
                </div>
              )}
              {d.message && <div className="opf-muted">{d.message}</div>}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
