import { Label } from '@patternfly/react-core/dist/esm/components/Label';
import { ExclamationTriangleIcon } from '@patternfly/react-icons/dist/esm/icons/exclamation-triangle-icon';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../shared/components/DataTable.tsx';
import { StateLabel } from '../../shared/components/StateLabel.tsx';
import { formatTime } from '../../shared/time.ts';
import type { CapacityReport, RequestView } from '../../shared/types.ts';
import { namespacesByCluster, namespacesShort } from '../requests/lands.ts';

/** The waiting requests, each with what it would put where and whether it fits. */
export function QueueTable(props: {
  requests: RequestView[];
  capacity: CapacityReport | undefined;
}) {
  const fit = (request: RequestView) => {
    const mine = props.capacity?.requests.find((r) => r.requestId === request.id);
    if (!mine) return <span className="opf-muted">…</span>;
    const over = mine.clusters.filter((c) => c.over.length > 0);
    return over.length === 0 ? (
      <Label color="green" data-test="queue-fits">
        fits
      </Label>
    ) : (
      <Label color="orange" icon={<ExclamationTriangleIcon />} data-test="queue-over-capacity">
        over capacity: {over.map((c) => `${c.cluster} (${c.over.join(', ')})`).join('; ')}
      </Label>
    );
  };
  const columns: Column<RequestView>[] = [
    {
      title: 'Request',
      cell: (r) => (
        <>
          <Link to={`/requests/${r.id}`} data-test="queue-link">
            #{r.id} {r.spec.project.displayName ?? r.projectName}
          </Link>
          <div className="opf-muted">{r.projectName}</div>
        </>
      ),
    },
    { title: 'State', cell: (r) => <StateLabel state={r.state} /> },
    {
      title: 'Team',
      cell: (r) => `${r.spec.team.name} (owner ${r.spec.team.owner})`,
    },
    {
      title: 'What lands where',
      cell: (r) =>
        namespacesByCluster(r.spec).map((group) => (
          <div key={group.cluster} data-test="queue-lands">
            <code>{group.cluster}</code>: {namespacesShort(group.namespaces)}
          </div>
        )),
    },
    { title: 'Capacity', cell: fit },
    { title: 'Since', cell: (r) => formatTime(r.submittedAt ?? r.createdAt) },
  ];
  return (
    <DataTable
      label="Requests waiting for review"
      dataTest="queue-table"
      columns={columns}
      rows={props.requests}
      rowKey={(r) => r.id}
    />
  );
}
