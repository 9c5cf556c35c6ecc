import { Alert } from '@patternfly/react-core/dist/esm/components/Alert';
import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { ActionGroup, Form } from '@patternfly/react-core/dist/esm/components/Form';
import { Label } from '@patternfly/react-core/dist/esm/components/Label';
import { Grid, GridItem } from '@patternfly/react-core/dist/esm/layouts/Grid';
import { type FormEvent, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { DataTable } from '../../shared/components/DataTable.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { TextField } from '../../shared/components/TextField.tsx';
import { useApi } from '../../shared/useApi.ts';
import { hours } from './format.ts';
import { NamespaceSection } from './NamespaceSection.tsx';
import type { Finding, ProjectReport } from './types.ts';
import './report.css';

const SEVERITY_COLOR = { critical: 'red', warning: 'orange', info: 'blue' } as const;

/** /projects/{name}/report: how the project's software ran over a period, and what to do. */
export function ReportPage() {
  const name = useParams().name ?? '';
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const [draft, setDraft] = useState({ from, to });
  const query = new URLSearchParams();
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  const base = `/api/v1/projects/${encodeURIComponent(name)}/report`;
  const suffix = query.size ? `?${query}` : '';
  const report = useApi<ProjectReport>(`${base}${suffix}`);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.from) next.set('from', draft.from);
    if (draft.to) next.set('to', draft.to);
    setParams(next);
  };
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
      <Form onSubmit={submit} isHorizontal={false} data-test="report-range">
        <Grid hasGutter>
          <GridItem md={4}>
            <TextField
              id="report-from"
              label="From (a date, UTC)"
              placeholder="2026-11-01"
              value={draft.from}
              onChange={(value) => setDraft({ ...draft, from: value })}
              hint="Default: 30 days before the end"
            />
          </GridItem>
          <GridItem md={4}>
            <TextField
              id="report-to"
              label="To (excluded)"
              placeholder="2026-12-01"
              value={draft.to}
              onChange={(value) => setDraft({ ...draft, to: value })}
              hint="Default: today"
            />
          </GridItem>
        </Grid>
        <ActionGroup>
          <Button type="submit" data-test="report-show">
            Show
          </Button>
          <a href={`${base}.md${suffix}`} data-test="report-markdown">
            Markdown
          </a>
          <a href={`${base}${suffix}`} data-test="report-json">
            JSON
          </a>
        </ActionGroup>
      </Form>
      <Loaded state={report} what="the report">
        {(r) => <ReportBody report={r} />}
      </Loaded>
    </AppPage>
  );
}

function ReportBody({ report }: { report: ProjectReport }) {
  const { coverage } = report;
  return (
    <div data-test="report">
      <p data-test="report-coverage">
        {report.from.slice(0, 10)} to {report.to.slice(0, 10)}: telemetry covers{' '}
        {coverage.hours - coverage.missingHours} of {coverage.hours} hours.
      </p>
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
      <p className="opf-muted" data-test="report-not-measured">
        Not measured: {report.notMeasured.join(' ')}
      </p>
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
