import { Link } from 'react-router';
import { formatTime } from '../../shared/time.ts';
import { IncidentStatusLabel, SeverityLabel } from './IncidentLabels.tsx';
import type { Incident } from './types.ts';

/** Incidents as a list of links, each with its state, severity and where it happened. */
export function IncidentList(props: { incidents: Incident[]; dataTest: string }) {
  return (
    <ul className="opf-incidents" data-test={props.dataTest}>
      {props.incidents.map((incident) => (
        <li key={incident.id} data-test="incident-item">
          <Link to={`/incidents/${incident.id}`}>{incident.title}</Link>{' '}
          <IncidentStatusLabel status={incident.status} />{' '}
          <SeverityLabel severity={incident.severity} />
          <div className="opf-muted">
            {incident.resolvedAt
              ? `${formatTime(incident.startedAt)} to ${formatTime(incident.resolvedAt)}`
              : `since ${formatTime(incident.startedAt)}`}
            {incident.clusters.length > 0 && ` · ${incident.clusters.join(', ')}`}
            {incident.projects.length > 0 && ` · ${incident.projects.join(', ')}`}
            {incident.source === 'alertmanager' && ' · from alerts'}
          </div>
        </li>
      ))}
    </ul>
  );
}
