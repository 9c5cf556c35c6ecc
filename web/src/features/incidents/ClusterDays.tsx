import { formatTime } from '../../shared/time.ts';
import { ClusterStateLabel } from './IncidentLabels.tsx';
import type { ClusterStatus } from './types.ts';

/**
 * One cluster now and over the window: the strip is one cell per day, coloured by the day's
 * worst incident; a screen reader hears the summary instead of 90 cells.
 */
export function ClusterDays({ cluster }: { cluster: ClusterStatus }) {
  const troubled = cluster.days.filter((d) => d.worst !== null);
  const summary =
    troubled.length === 0
      ? `No incident in the last ${cluster.days.length} days`
      : `${troubled.length} of the last ${cluster.days.length} days had an incident`;
  return (
    <li data-test="cluster-status" data-cluster={cluster.id}>
      <div className="opf-cluster-head">
        <span>
          <strong>{cluster.displayName}</strong> <span className="opf-muted">{cluster.id}</span>
        </span>
        <ClusterStateLabel state={cluster.state} />
      </div>
      <div className="opf-days" role="img" aria-label={`${cluster.id}: ${summary}`}>
        {cluster.days.map((day) => (
          <span
            key={day.date}
            data-worst={day.worst ?? 'none'}
            title={`${day.date}: ${day.worst ? `${day.worst} incident` : 'no incident'}`}
          />
        ))}
      </div>
      <div className="opf-muted" data-test="cluster-summary">
        {summary}
        {troubled.length > 0 &&
          ` (last on ${formatTime(`${troubled.at(-1)!.date}T12:00:00Z`).split(',')[0]})`}
      </div>
    </li>
  );
}
