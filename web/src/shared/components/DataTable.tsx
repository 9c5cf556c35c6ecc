import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table/dist/esm/components/Table';
import type { ReactNode } from 'react';

export interface Column<T> {
  title: string;
  cell: (row: T) => ReactNode;
}

/** A plain table of rows; columns stack into labelled cards at phone width. */
export function DataTable<T>(props: {
  label: string;
  dataTest: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
}) {
  return (
    <Table aria-label={props.label} data-test={props.dataTest} variant="compact">
      <Thead>
        <Tr>
          {props.columns.map((column) => (
            <Th key={column.title}>{column.title}</Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {props.rows.map((row) => (
          <Tr key={props.rowKey(row)} data-test={`${props.dataTest}-row`}>
            {props.columns.map((column) => (
              <Td key={column.title} dataLabel={column.title}>
                {column.cell(row)}
              </Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
