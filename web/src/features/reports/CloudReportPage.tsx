import { Alert } from '@patternfly/react-core/dist/esm/components/Alert';
import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { Link } from 'react-router';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { useApi } from '../../shared/useApi.ts';
import {
  ClusterCoverage,
  IdleQuota,
  IncidentsPerCluster,
  Onboarding,
  TopConsumers,
} from './CloudSections.tsx';
import { RangeForm, useReportRange } from './RangeForm.tsx';
import type { CloudReport } from './types.ts';
import './report.css';

const API = '/api/v1/report';

/**
 * /report: the cloud's report, public like the API it reads (operating in the open): what
 * the coordination meeting looks at, over any period, with the same range picker as a
 * project's report and links to its Markdown and JSON.
 */
export function CloudReportPage() {
  const { suffix } = useReportRange();
  const report = useApi<CloudReport>(`${API}${suffix}`);
  return (
    <AppPage
      id="cloud-report"
      title="The cloud’s report"
      description={
        <>
          Top consumers, idle quota, incidents per cluster, onboarding lead time and projects at
          risk: the figures the coordination meeting looks at. Each project has its own report on
          its page (see <Link to="/projects">the projects</Link>).
        </>
      }
    >
      <RangeForm api={API} />
      <Loaded state={report} what="the cloud’s report">
        {(r) => <CloudReportBody report={r} />}
      </Loaded>
    </AppPage>
  );
}

function CloudReportBody({ report }: { report: CloudReport }) {
  const { coverage, granularity } = report;
  return (
    <div data-test="cloud-report" className="opf-report-body">
      <p data-test="report-coverage">
        {report.from.slice(0, 10)} to {report.to.slice(0, 10)}: telemetry covers{' '}
        {coverage.hours - coverage.missingHours} of {coverage.hours} hours on every cluster.
      </p>
      {granularity.dailyDays > 0 && (
        <Alert
          variant="info"
          isInline
          title="Part of the period is read from daily rollups"
          data-test="report-granularity"
        >
          Hourly rows for {granularity.hourlyDays} days, daily rollups for {granularity.dailyDays}{' '}
          days (older than the hourly retention). CPU p95, and so idle CPU, is over the hourly rows
          only; peaks and limits over both.
        </Alert>
      )}
      {coverage.gaps.length > 0 && (
        <Alert variant="warning" isInline title="Gaps in the harvest" data-test="report-gaps">
          {coverage.missingHours} hours are missing on some cluster. They are left out of every
          figure and shown as gaps in the coverage charts, never averaged over.
        </Alert>
      )}
      <Grid hasGutter>
        {report.clusters.map((c) => (
          <GridItem lg={6} key={c.cluster}>
            <ClusterCoverage cluster={c} />
          </GridItem>
        ))}
        <GridItem lg={12}>
          <TopConsumers report={report} />
        </GridItem>
        <GridItem lg={12}>
          <IdleQuota report={report} />
        </GridItem>
        <GridItem lg={6}>
          <IncidentsPerCluster report={report} />
        </GridItem>
        <GridItem lg={6}>
          <Onboarding report={report} />
        </GridItem>
        <GridItem lg={12}>
          <Panel title="Projects at risk" dataTest="cloud-at-risk">
            {report.projectsAtRisk.length === 0 ? (
              <p>None.</p>
            ) : (
              <ul className="opf-report-findings">
                {report.projectsAtRisk.map((p) => (
                  <li key={p.project} data-test="cloud-at-risk-project">
                    <Link to={`/projects/${encodeURIComponent(p.project)}`}>{p.project}</Link> (
                    {p.status}): {p.reasons.join(' ') || 'no reason recorded'}
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </GridItem>
      </Grid>
    </div>
  );
}
