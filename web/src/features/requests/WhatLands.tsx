import { Title } from '@patternfly/react-core/dist/esm/components/Title';
import { type Column, DataTable } from '../../shared/components/DataTable.tsx';
import { Notice } from '../../shared/components/Notice.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import type { CapacityReport, QuotaTier, RequestView } from '../../shared/types.ts';
import type { Loaded } from '../../shared/useApi.ts';
import { CapacityBars, overText } from './CapacityBars.tsx';
import { type Namespace, namespacesByCluster, quotaLabel } from './lands.ts';

/**
 * What approval puts on each cluster: the namespaces with their quota, limit range and
 * monitoring, and the cluster's capacity with this request on top of what is already there.
 */
export function WhatLands(props: {
  request: RequestView;
  tiers: QuotaTier[];
  /** GET /api/v1/clusters/capacity?request=<id>, which the review panel reads too. */
  report: Loaded<CapacityReport>;
}) {
  const { request, tiers, report } = props;
  const mine = report.data?.requests.find((r) => r.requestId === request.id);
  const columns: Column<Namespace>[] = [
    { title: 'Namespace', cell: (ns) => ns.name },
    { title: 'Quota', cell: (ns) => quotaLabel(ns, tiers) },
    { title: 'Limit range', cell: (ns) => (ns.limitRange ? 'yes' : 'no') },
    { title: 'Monitoring', cell: (ns) => (ns.monitoring ? 'yes' : 'no') },
  ];
  return (
    <Panel title="What lands on each cluster" dataTest="what-lands">
      {report.error && (
        <Notice variant="info" title="Capacity unavailable" dataTest="capacity-unavailable">
          {report.error.message}
        </Notice>
      )}
      {namespacesByCluster(request.spec).map((group) => {
        const capacity = mine?.clusters.find((c) => c.cluster === group.cluster);
        const headingId = `lands-${group.cluster.replace('/', '-')}`;
        return (
          <section
            key={group.cluster}
            aria-labelledby={headingId}
            className="opf-lands"
            data-test="lands-cluster"
          >
            <Title headingLevel="h3" size="md" id={headingId}>
              {capacity?.displayName ?? group.cluster} <code>{group.cluster}</code>
            </Title>
            <DataTable
              label={`Namespaces on ${group.cluster}`}
              dataTest="lands-namespaces"
              columns={columns}
              rows={group.namespaces}
              rowKey={(ns) => ns.name}
            />
            {capacity &&
              (capacity.over.length > 0 ? (
                <Notice
                  variant="warning"
                  title={`This request would take ${group.cluster} over its capacity`}
                  dataTest="capacity-warning"
                >
                  {overText(capacity.resources, capacity.over)}. Ask for a smaller tier or another
                  cluster, or grow the cluster first.
                </Notice>
              ) : (
                <p className="opf-muted" data-test="capacity-fits">
                  Fits: quotas already on the cluster + this request = total, of its capacity.
                </p>
              ))}
            {capacity && <CapacityBars id={headingId} resources={capacity.resources} withRequest />}
          </section>
        );
      })}
    </Panel>
  );
}
