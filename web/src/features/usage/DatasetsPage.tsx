import { Content } from '@patternfly/react-core/dist/esm/components/Content';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table/dist/esm/components/Table';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Placeholder } from '../../shared/components/Placeholder.tsx';
import { useApi } from '../../shared/useApi.ts';
import type { DatasetEntry } from './types.ts';

/** The open telemetry datasets: a day or a month each, Parquet and CSV, with its data card. */
export function DatasetsPage() {
  const state = useApi<{ items: DatasetEntry[] }>('/api/v1/datasets');
  return (
    <AppPage
      id="datasets"
      title="Open data"
      description="The cloud’s telemetry, published for AI-Ops research: hourly usage of every namespace, per day and per month."
    >
      <Content component="p">
        Each file comes with a data card: its schema and units, the PromQL each figure comes from,
        the licence, the collection notice of the terms that covered it, and its coverage and gaps.
        No personal data: no user names or e-mail addresses. Projects whose accepted terms lack the
        telemetry item are left out. Also:{' '}
        <code>opf telemetry export --from DAY --to DAY --format parquet --out DIR</code>.
      </Content>
      <Loaded state={state} what="datasets">
        {({ items }) =>
          items.length === 0 ? (
            <Placeholder title="No dataset yet" dataTest="datasets-none">
              Datasets appear for each complete day once telemetry has been harvested.
            </Placeholder>
          ) : (
            <Table aria-label="Datasets" variant="compact" data-test="datasets-table">
              <Thead>
                <Tr>
                  <Th>Period</Th>
                  <Th>Covers</Th>
                  <Th>Rows</Th>
                  <Th>Files</Th>
                </Tr>
              </Thead>
              <Tbody>
                {items.map((d) => (
                  <Tr key={`${d.period}/${d.key}`} data-test="dataset-row">
                    <Td dataLabel="Period">{d.period}</Td>
                    <Td dataLabel="Covers">{d.key}</Td>
                    <Td dataLabel="Rows">{d.rows}</Td>
                    <Td dataLabel="Files">
                      <a href={d.files.parquet}>Parquet</a> · <a href={d.files.csv}>CSV</a> ·{' '}
                      <a href={d.files.card}>data card</a>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )
        }
      </Loaded>
    </AppPage>
  );
}
