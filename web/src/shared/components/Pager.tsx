import { Pagination } from '@patternfly/react-core/dist/esm/components/Pagination';

/** Server-side paging: the page asks for `limit` rows from `offset`. */
export function Pager(props: {
  dataTest: string;
  total: number;
  limit: number;
  offset: number;
  onChange: (offset: number, limit: number) => void;
}) {
  return (
    <Pagination
      data-test={props.dataTest}
      itemCount={props.total}
      perPage={props.limit}
      page={Math.floor(props.offset / props.limit) + 1}
      perPageOptions={[10, 20, 50, 100].map((value) => ({ title: String(value), value }))}
      onSetPage={(_event, page) => props.onChange((page - 1) * props.limit, props.limit)}
      onPerPageSelect={(_event, limit) => props.onChange(0, limit)}
      titles={{ paginationAriaLabel: 'Pages of results' }}
    />
  );
}
