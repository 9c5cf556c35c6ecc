import { Label } from '@patternfly/react-core/dist/esm/components/Label';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table/dist/esm/components/Table';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Placeholder } from '../../shared/components/Placeholder.tsx';
import type { Overview } from '../../shared/types.ts';
import type { Loaded as LoadedState } from '../../shared/useApi.ts';
import { cores, gib } from './types.ts';

/** The overview's panel: each project namespace's CPU and memory against quota, and flags (from
 *  the overview's answer). */
export function UsageOverview({ state }: { state: LoadedState<Overview> }) {
  const usage = { ...state, data: state.data && { items: state.data.usage } };
  return (
    <Loaded state={usage} what="usage">
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
