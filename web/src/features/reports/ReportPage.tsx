import { Alert } from '@patternfly/react-core/dist/esm/components/Alert';
import { Label } from '@patternfly/react-core/dist/esm/components/Label';
import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { Link, useParams } from 'react-router';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { DataTable } from '../../shared/components/DataTable.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { useApi } from '../../shared/useApi.ts';
import { hours } from './format.ts';
import { NamespaceSection } from './NamespaceSection.tsx';
import { RangeForm, useReportRange } from './RangeForm.tsx';
import type { Finding, ProjectReport } from './types.ts';
import './report.css';

const SEVERITY_COLOR = { critical: 'red', warning: 'orange', info: 'blue' } as const;

/** /projects/{name}/report: how the project's software ran over a period, and what to do. */
export function ReportPage() {
  const name = useParams().name ?? '';
  const { suffix } = useReportRange();
  const base = `/api/v1/projects/${encodeURIComponent(name)}/report`;
  const report = useApi<ProjectReport>(`${base}${suffix}`);
  return (
    <AppPage
      id="project-report"
      title={`Report of ${name}`}
      description={
        <>
          How the project’s software ran in production, from what opf recorded. Back to{' '}
          <Link to={`/projects/${encodeURIComponent(name)}`}>the project</Link>.
        </>
      }
    >
      <RangeForm api={base} />
      <Loaded state={report} what="the report">
        {(r) => <ReportBody report={r} />}
      </Loaded>
    </AppPage>
  );
}

function ReportBody({ report }: { report: ProjectReport }) {
  const { coverage } = report;
  return (
    <div data-test="report" className="opf-report-body">
      <p data-test="report-coverage">
        {report.from.slice(0, 10)} to {report.to.slice(0, 10)}: telemetry covers{' '}
        {coverage.hours - coverage.missingHours} of {coverage.hours} hours.
      </p>
      {report.sample && (
        <Alert variant="info" isInline title="Sample data" data-test="report-sample">
          This project’s telemetry is the demo’s sample data, generated at first start, not
          harvested from a cluster.
        </Alert>
      )}
      {coverage.gaps.length > 0 && (
        <Alert variant="warning" isInline title="Gaps in the harvest" data-test="report-gaps">
          <ul>
            {coverage.gaps.map((g) => (
              <li key={`${g.cluster}-${g.from}`}>
                {g.cluster}: {g.from.slice(0, 16).replace('T', ' ')} to{' '}
                {g.to.slice(0, 16).replace('T', ' ')} UTC ({g.hours} h). These hours are left out of
                every figure and shown as gaps in the charts.
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <Grid hasGutter>
        <GridItem lg={12}>
          <Panel title="Findings" dataTest="report-findings">
            {report.findings.length === 0 ? (
              <p>Nothing to act on.</p>
            ) : (
              <ul className="opf-report-findings">
                {report.findings.map((f) => (
                  <FindingItem key={`${f.kind}-${f.namespace}-${f.message}`} finding={f} />
                ))}
              </ul>
            )}
          </Panel>
        </GridItem>
        {report.namespaces.map((ns) => (
          <GridItem lg={6} key={`${ns.cluster}/${ns.namespace}`}>
            <NamespaceSection ns={ns} />
          </GridItem>
        ))}
        <GridItem lg={6}>
          <Panel title="Incidents" dataTest="report-incidents">
            {report.incidents.length === 0 ? (
              <p>No incident touched the project.</p>
            ) : (
              <DataTable
                label="Incidents that touched the project"
                dataTest="report-incident"
                rowKey={(i) => i.id}
                rows={report.incidents}
                columns={[
                  {
                    title: 'Incident',
                    cell: (i) => (
                      <Link to={`/incidents/${i.id}`}>
                        #{i.id} {i.title}
                      </Link>
                    ),
                  },
                  { title: 'Severity', cell: (i) => i.severity },
                  {
                    title: 'Duration',
                    cell: (i) => `${hours(i.durationHours)}${i.resolvedAt ? '' : ' (open)'}`,
                  },
                ]}
              />
            )}
          </Panel>
        </GridItem>
        <GridItem lg={6}>
          <Panel title="Notices" dataTest="report-notices">
            {report.notices.length === 0 ? (
              <p>No notice was posted to the project.</p>
            ) : (
              <DataTable
                label="Notices posted to the project"
                dataTest="report-notice"
                rowKey={(n) => n.id}
                rows={report.notices}
                columns={[
                  {
                    title: 'Notice',
                    cell: (n) => (
                      <Link to={`/notices/${n.id}`}>
                        #{n.id} {n.title}
                      </Link>
                    ),
                  },
                  {
                    title: 'Acknowledged',
                    cell: (n) =>
                      n.hoursToAcknowledge !== null
                        ? `after ${hours(n.hoursToAcknowledge)}`
                        : n.overdue
                          ? 'overdue'
                          : 'not yet',
                  },
                ]}
              />
            )}
          </Panel>
        </GridItem>
      </Grid>
      {report.notMeasured.length > 0 && (
        <p className="opf-muted" data-test="report-not-measured">
          Not measured: {report.notMeasured.join(' ')}
        </p>
      )}
    </div>
  );
}

function FindingItem({ finding: f }: { finding: Finding }) {
  return (
    <li data-test="report-finding" data-kind={f.kind}>
      <Label color={SEVERITY_COLOR[f.severity]}>{f.severity}</Label>{' '}
      {f.namespace && <code>{f.namespace}</code>} {f.message}
      {f.suggestion && (
        <div>
          <strong>Suggestion:</strong> {f.suggestion}
        </div>
      )}
    </li>
  );
}
