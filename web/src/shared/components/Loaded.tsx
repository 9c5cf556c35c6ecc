import { Alert } from '@patternfly/react-core/dist/esm/components/Alert';
import { Spinner } from '@patternfly/react-core/dist/esm/components/Spinner';
import { Bullseye } from '@patternfly/react-core/dist/esm/layouts/Bullseye';
import type { ReactNode } from 'react';
import type { Loaded as LoadedState } from '../useApi.ts';

/** A spinner while loading, the API's message if it failed, else the content. */
export function Loaded<T>(props: {
  state: LoadedState<T>;
  what: string;
  children: (data: T) => ReactNode;
}) {
  const { data, error } = props.state;
  if (error)
    return (
      <Alert
        variant="danger"
        isInline
        title={`Could not load ${props.what}`}
        data-test="load-error"
      >
        {error.message}
      </Alert>
    );
  if (data === undefined)
    return (
      <Bullseye>
        <Spinner size="lg" aria-label={`Loading ${props.what}`} />
      </Bullseye>
    );
  return <>{props.children(data)}</>;
}
