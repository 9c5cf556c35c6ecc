import { SearchInput } from '@patternfly/react-core/dist/esm/components/SearchInput';
import { useState } from 'react';

/**
 * A search box whose text is searched for on Enter (or its button), not on every key: the
 * search lives in the page's URL and on the server. Clearing it searches for everything.
 */
export function SearchField(props: {
  dataTest: string;
  label: string;
  placeholder: string;
  /** The search in force (from the URL): the box starts with it. */
  value: string;
  onSearch: (text: string) => void;
}) {
  const [typed, setTyped] = useState(props.value);
  return (
    <SearchInput
      data-test={props.dataTest}
      aria-label={props.label}
      placeholder={props.placeholder}
      value={typed}
      onChange={(_event, value) => setTyped(value)}
      onSearch={(_event, value) => props.onSearch(value)}
      onClear={() => {
        setTyped('');
        props.onSearch('');
      }}
    />
  );
}
