import { Link } from 'react-router';
import { DataTable } from '../../shared/components/DataTable.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { DayChart } from './DayChart.tsx';
import { bytes, cpu, hours } from './format.ts';
import type { CloudCluster, CloudReport } from './types.ts';

/** The demo's sample data is never passed off as harvested usage. */
const labelled = (entry: { project: string; sample: boolean }) => (
  <>
    <Link to={`/projects/${encodeURIComponent(entry.project)}`}>{entry.project}</Link>
    {entry.sample && ' (sample data)'}
  </>
);

/** One cluster's harvest per day: the hours harvested, the gaps hatched, never filled in. */
export function ClusterCoverage({ cluster: c }: { cluster: CloudCluster }) {
  const gapDays = c.days.filter((d) => d.missingHours > 0).length;
  return (
    <Panel title={`Coverage of ${c.cluster}`} headingLevel="h3" dataTest="cloud-cluster">
      <p>
        {c.hours - c.missingHours} of {c.hours} hours harvested
        {c.dailyDays > 0 && `; ${c.dailyDays} days read from daily rollups`}.
      </p>
      <DayChart
        title={`Hours harvested per day on ${c.cluster}`}
        days={c.days}
        value={(d) => (d.source === null ? null : d.hours - d.missingHours)}
        limit={(d) => d.hours}
        format={(v) => `${v} h`}
        summary={`${c.hours - c.missingHours} of ${c.hours} hours harvested; ${gapDays} days have hours missing; ${c.hourlyDays} days from hourly rows, ${c.dailyDays} from daily rollups.`}
        dataTest="cloud-coverage-chart"
        keys={{ bar: 'hours harvested', limit: 'hours in the day', gap: 'not harvested' }}
        fullIsBad={false}
      />
    </Panel>
  );
}

/**
 * A ranking, not a series: a table (a bar chart with one unlabelled bar per project said less
 * than the table under it).
 */
export function TopConsumers({ report }: { report: CloudReport }) {
  const rows = report.topConsumers;
  return (
    <Panel title="Top consumers" dataTest="cloud-top-consumers">
      {rows.length === 0 ? (
        <p>No project usage was harvested.</p>
      ) : (
        <>
          <DataTable
            label="Projects by the CPU they use"
            dataTest="cloud-consumer"
            rowKey={(r) => r.project}
            rows={rows}
            columns={[
              { title: 'Project', cell: labelled },
              { title: 'Namespaces', cell: (r) => r.namespaces },
              { title: 'CPU p95', cell: (r) => cpu(r.cpuP95) },
              { title: 'Peak CPU', cell: (r) => cpu(r.cpuMax) },
              { title: 'CPU limit', cell: (r) => cpu(r.cpuLimit) },
              { title: 'Peak memory', cell: (r) => bytes(r.memoryMax) },
              { title: 'Memory limit', cell: (r) => bytes(r.memoryLimit) },
            ]}
          />
        </>
      )}
    </Panel>
  );
}

export function IdleQuota({ report }: { report: CloudReport }) {
  const { idleQuota } = report;
  return (
    <Panel title="Idle quota" dataTest="cloud-idle">
      <p>
        Granted and not used (limit − CPU p95, limit − peak memory): {cpu(idleQuota.cpu)} and{' '}
        {bytes(idleQuota.memory)}.
      </p>
      {idleQuota.namespaces.length > 0 && (
        <DataTable
          label="Namespaces by their idle quota"
          dataTest="cloud-idle-namespace"
          rowKey={(n) => `${n.cluster}/${n.namespace}`}
          rows={idleQuota.namespaces}
          columns={[
            { title: 'Project', cell: labelled },
            { title: 'Namespace', cell: (n) => `${n.namespace} on ${n.cluster}` },
            {
              title: 'Idle CPU',
              cell: (n) =>
                `${cpu(n.idleCpu)} of ${cpu(n.cpuLimit)}${n.cpuBasis === 'peak' ? ' (from the peak)' : ''}`,
            },
            {
              title: 'Idle memory',
              cell: (n) => `${bytes(n.idleMemory)} of ${bytes(n.memoryLimit)}`,
            },
          ]}
        />
      )}
    </Panel>
  );
}

export function IncidentsPerCluster({ report }: { report: CloudReport }) {
  return (
    <Panel title="Incidents per cluster" dataTest="cloud-incidents">
      {report.incidentsPerCluster.length === 0 ? (
        <p>No incident in the period.</p>
      ) : (
        <DataTable
          label="Incidents per cluster"
          dataTest="cloud-incident-cluster"
          rowKey={(c) => c.cluster}
          rows={report.incidentsPerCluster}
          columns={[
            { title: 'Cluster', cell: (c) => c.cluster },
            { title: 'Incidents', cell: (c) => c.incidents },
            {
              title: 'Critical / major / minor',
              cell: (c) => `${c.critical} / ${c.major} / ${c.minor}`,
            },
            { title: 'Time open', cell: (c) => hours(c.hours) },
          ]}
        />
      )}
    </Panel>
  );
}

/** Lead time from request to active, one bar per request in the order they became active. */
export function Onboarding({ report }: { report: CloudReport }) {
  const { onboarding } = report;
  const lead = onboarding.leadTimeDays;
  return (
    <Panel title="Onboarding lead time" dataTest="cloud-onboarding">
      {onboarding.activated === 0 ? (
        <p>No request became active in the period.</p>
      ) : (
        <>
          <p>
            {onboarding.activated} request{onboarding.activated === 1 ? '' : 's'} became active;
            from request to active took {lead.p50} days (median), {lead.p95} (p95), {lead.max} at
            most.
          </p>
          <DayChart
            title="Days from request to active, per request"
            days={onboarding.requests.map((r) => ({
              day: r.activatedAt.slice(0, 10),
              key: String(r.requestId),
              missingHours: 0,
              days: r.days,
            }))}
            value={(d) => d.days}
            limit={() => null}
            format={(v) => `${v} d`}
            summary={onboarding.requests
              .map((r) => `${r.project}: ${r.days} days, active on ${r.activatedAt.slice(0, 10)}`)
              .join('; ')}
            dataTest="cloud-onboarding-chart"
            keys={{ bar: 'days from request to active' }}
          />
        </>
      )}
    </Panel>
  );
}
