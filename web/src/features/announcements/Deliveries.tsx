import { Label } from '@patternfly/react-core/dist/esm/components/Label';
import { DataTable } from '../../shared/components/DataTable.tsx';
import { formatTime } from '../../shared/time.ts';
import type { AnnouncementDelivery } from '../../shared/types.ts';

const COLOR = { sent: 'green', failed: 'red', pending: 'grey' } as const;

/** Where an announcement went, and how each delivery stands: sent, failing, or waiting. */
export function AnnouncementDeliveries({ deliveries }: { deliveries: AnnouncementDelivery[] }) {
  if (deliveries.length === 0)
    return (
      <p data-test="no-deliveries">
        Not delivered anywhere (yet): no channel it was sent to has a mailing-list address or a chat
        webhook configured, or the fan-out has not run.
      </p>
    );
  return (
    <DataTable
      label="Deliveries per channel"
      dataTest="deliveries"
      rowKey={(d) => d.id}
      rows={deliveries}
      columns={[
        { title: 'Channel', cell: (d) => d.channel },
        { title: 'How', cell: (d) => `${d.transport} to ${d.target}` },
        {
          title: 'Status',
          cell: (d) => (
            <Label color={COLOR[d.state]} data-test={`delivery-${d.state}`}>
              {d.state}
            </Label>
          ),
        },
        {
          title: 'Detail',
          cell: (d) =>
            d.sentAt
              ? `sent ${formatTime(d.sentAt)}`
              : d.lastError
                ? `${d.attempts} attempts; last error: ${d.lastError}`
                : `${d.attempts} attempts`,
        },
      ]}
    />
  );
}
