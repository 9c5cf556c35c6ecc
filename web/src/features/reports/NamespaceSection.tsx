import {
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
} from '@patternfly/react-core/dist/esm/components/DescriptionList';
import { Panel } from '../../shared/components/Panel.tsx';
import { DayChart } from './DayChart.tsx';
import { bytes, cpu } from './format.ts';
import type { NamespaceReport } from './types.ts';

/** One namespace of the report: figures against its limits, daily charts, the right size. */
export function NamespaceSection({ ns }: { ns: NamespaceReport }) {
  const gapDays = ns.days.filter((d) => d.missingHours > 0).length;
  const summary = (what: string, r: NamespaceReport['cpu'], f: (v: number | null) => string) =>
    `${what} p50 ${f(r.p50)}, p95 ${f(r.p95)}, peak ${f(r.max)} of a ${f(r.limit)} limit; the limit was reached on ${r.daysLimitReached.length} days; ${gapDays} days have hours not harvested.`;
  return (
    <Panel title={`${ns.namespace} on ${ns.cluster}`} headingLevel="h3" dataTest="report-namespace">
      <DescriptionList isCompact isHorizontal>
        <DescriptionListGroup>
          <DescriptionListTerm>CPU p50 / p95 / peak</DescriptionListTerm>
          <DescriptionListDescription data-test="report-cpu">
            {cpu(ns.cpu.p50)} / {cpu(ns.cpu.p95)} / {cpu(ns.cpu.max)} of {cpu(ns.cpu.limit)}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Memory p50 / p95 / peak</DescriptionListTerm>
          <DescriptionListDescription data-test="report-memory">
            {bytes(ns.memory.p50)} / {bytes(ns.memory.p95)} / {bytes(ns.memory.max)} of{' '}
            {bytes(ns.memory.limit)}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Restarts, OOM kills</DescriptionListTerm>
          <DescriptionListDescription>
            {ns.restarts.total}, {ns.oomKills.total}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Right size</DescriptionListTerm>
          <DescriptionListDescription data-test="report-right-size">
            {ns.recommendedTier ?? 'not yet known'}
            {ns.tier ? ` (has ${ns.tier})` : ''}
          </DescriptionListDescription>
        </DescriptionListGroup>
        {ns.peers && (
          <DescriptionListGroup>
            <DescriptionListTerm>Among its tier</DescriptionListTerm>
            <DescriptionListDescription>
              CPU at the {ns.peers.cpuPercentile}th percentile, memory at the{' '}
              {ns.peers.memoryPercentile}th, of {ns.peers.namespaces} namespaces
            </DescriptionListDescription>
          </DescriptionListGroup>
        )}
      </DescriptionList>
      <DayChart
        title={`CPU of ${ns.namespace}, daily peak against the limit`}
        days={ns.days}
        value={(d) => d.cpuMax}
        limit={(d) => d.cpuLimit}
        format={(v) => cpu(v)}
        summary={summary('CPU', ns.cpu, cpu)}
        dataTest="report-chart-cpu"
      />
      <DayChart
        title={`Memory of ${ns.namespace}, daily peak against the limit`}
        days={ns.days}
        value={(d) => d.memoryMax}
        limit={(d) => d.memoryLimit}
        format={(v) => bytes(v)}
        summary={summary('Memory', ns.memory, bytes)}
        dataTest="report-chart-memory"
      />
      <p className="opf-muted">{ns.recommendation.explanation}</p>
    </Panel>
  );
}
