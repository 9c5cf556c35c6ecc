import { Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { Loaded, Placeholder } from '../../shared/components/index.ts';
import { useApi } from '../../shared/useApi.ts';
import { cores, gib, type NamespaceUsage } from './types.ts';

/** The overview's panel: each project namespace's CPU and memory against quota, and flags. */
export function UsageOverview() {
  const state = useApi<{ items: NamespaceUsage[] }>('/api/v1/usage/projects?limit=20');
  return (
    <Loaded state={state} what="usage">
      {({ items }) =>
        items.length === 0 ? (
          <Placeholder title="No usage yet" dataTest="usage-none">
            Usage appears once telemetry is harvested (OPF_TELEMETRY_SOURCES).
          </Placeholder>
        ) : (
          <Table aria-label="Usage against quota" variant="compact" data-test="usage-overview">
            <Thead>
              <Tr>
                <Th>Namespace</Th>
                <Th>CPU p95 / quota</Th>
                <Th>Memory peak / quota</Th>
                <Th>Right size</Th>
              </Tr>
            </Thead>
            <Tbody>
              {items.map((u) => (
                <Tr key={`${u.cluster}/${u.namespace}`} data-test="usage-overview-row">
                  <Td dataLabel="Namespace">
                    <a href={`/projects/${encodeURIComponent(u.project ?? '')}`}>{u.namespace}</a>
                    {u.sample && (
                      <Label isCompact color="purple">
                        {' '}
                        sample
                      </Label>
                    )}
                    {u.flags.exhausted && (
                      <Label isCompact color="red">
                        {' '}
                        exhausted
                      </Label>
                    )}
                    {u.flags.idle && (
                      <Label isCompact color="orange">
                        {' '}
                        idle
                      </Label>
                    )}
                  </Td>
                  <Td dataLabel="CPU p95 / quota">
                    {cores(u.cpu.p95)} / {cores(u.cpu.limit)}
                  </Td>
                  <Td dataLabel="Memory peak / quota">
                    {gib(u.memory.max)} / {gib(u.memory.limit)}
                  </Td>
                  <Td dataLabel="Right size">{u.recommendedTier ?? '–'}</Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )
      }
    </Loaded>
  );
}

export default UsageOverview;
