import { Alert } from '@patternfly/react-core/dist/esm/components/Alert';
import {
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
} from '@patternfly/react-core/dist/esm/components/DescriptionList';
import { Label, LabelGroup } from '@patternfly/react-core/dist/esm/components/Label';
import { Panel } from '../../shared/components/Panel.tsx';
import { cores, gib, type NamespaceUsage } from './types.ts';
import { UsageChart } from './UsageChart.tsx';

/** One namespace: its figures against the quota, charts, the right size and why. */
export function NamespaceUsageCard({ usage }: { usage: NamespaceUsage }) {
  const points = usage.series ?? [];
  const rec = usage.recommendation;
  return (
    <Panel
      title={`${usage.namespace} on ${usage.cluster}`}
      headingLevel="h3"
      dataTest="usage-namespace"
    >
      <LabelGroup>
        {usage.sample && (
          <Label color="purple" data-test="usage-sample">
            Sample data
          </Label>
        )}
        {usage.flags.exhausted && (
          <Label color="red" data-test="usage-exhausted">
            Quota exhausted {usage.flags.exhaustedHours} h
          </Label>
        )}
        {usage.flags.idle && (
          <Label color="orange" data-test="usage-idle">
            Idle for 14 days
          </Label>
        )}
        <Label color="blue" data-test="usage-recommended">
          Right size:{' '}
          {rec.tier === 'custom' && rec.custom
            ? `custom (${rec.custom.cpu} CPU, ${rec.custom.memory})`
            : (rec.tier ?? 'not yet known')}
        </Label>
      </LabelGroup>
      {usage.window.missingHours > 0 && (
        <Alert
          variant="warning"
          isInline
          isPlain
          title={`${usage.window.missingHours} hours of this window were not harvested; the figures leave them out.`}
        />
      )}
      <DescriptionList isCompact isHorizontal columnModifier={{ default: '1Col', md: '2Col' }}>
        <DescriptionListGroup>
          <DescriptionListTerm>CPU now / p50 / p95 / max</DescriptionListTerm>
          <DescriptionListDescription data-test="usage-cpu">
            {cores(usage.cpu.now)} / {cores(usage.cpu.p50)} / {cores(usage.cpu.p95)} /{' '}
            {cores(usage.cpu.max)} of {cores(usage.cpu.limit)} cores
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Memory now / p50 / p95 / peak</DescriptionListTerm>
          <DescriptionListDescription data-test="usage-memory">
            {gib(usage.memory.now)} / {gib(usage.memory.p50)} / {gib(usage.memory.p95)} /{' '}
            {gib(usage.memory.max)} of {gib(usage.memory.limit)}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Headroom</DescriptionListTerm>
          <DescriptionListDescription>
            CPU {usage.cpu.headroomPercent ?? '–'}%, memory {usage.memory.headroomPercent ?? '–'}%
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Last 7 / 30 days, CPU p95</DescriptionListTerm>
          <DescriptionListDescription>
            {cores(usage.windows.days7.cpu.p95)} / {cores(usage.windows.days30.cpu.p95)} cores
          </DescriptionListDescription>
        </DescriptionListGroup>
      </DescriptionList>
      <p className="opf-usage-why" data-test="usage-explanation">
        {rec.explanation}
      </p>
      {points.length > 0 && (
        <div className="opf-usage-charts">
          <UsageChart
            title={`CPU of ${usage.namespace}, cores per hour`}
            summary={`CPU p95 ${cores(usage.cpu.p95)} cores, peak ${cores(usage.cpu.max)}, quota ${cores(usage.cpu.limit)} cores, over ${points.length} hours.`}
            points={points}
            value={(p) => p.cpu}
            limit={(p) => p.quotaCpu}
            format={(v) => cores(v)}
            dataTest="usage-chart-cpu"
          />
          <UsageChart
            title={`Memory of ${usage.namespace}, peak per hour`}
            summary={`Memory peak ${gib(usage.memory.max)}, quota ${gib(usage.memory.limit)}, over ${points.length} hours.`}
            points={points}
            value={(p) => p.memory}
            limit={(p) => p.quotaMemory}
            format={(v) => gib(v)}
            dataTest="usage-chart-memory"
          />
        </div>
      )}
    </Panel>
  );
}
