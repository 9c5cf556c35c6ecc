import {
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core/dist/esm/components/Toolbar';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { AppPage } from '../../shared/components/AppPage.tsx';
import { Loaded } from '../../shared/components/Loaded.tsx';
import { Notice } from '../../shared/components/Notice.tsx';
import { Pager } from '../../shared/components/Pager.tsx';
import { Placeholder } from '../../shared/components/Placeholder.tsx';
import { SearchField } from '../../shared/components/SearchField.tsx';
import { SelectField } from '../../shared/components/SelectField.tsx';
import { useCanReview } from '../../shared/role.ts';
import type { CapacityReport, Cluster, RequestPage } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { ClusterCapacity } from './ClusterCapacity.tsx';
import { QueueTable } from './QueueTable.tsx';
import {
  ORDERS,
  type QueueView,
  readQueueView,
  requestsPath,
  STATE_CHOICES,
  viewParams,
} from './queueParams.ts';

/**
 * The ops review queue: requests waiting for a reviewer, filtered, sorted and paged by the
 * server. Public like everything else; the review actions live on each request's page.
 */
export function ReviewQueuePage() {
  const [params, setParams] = useSearchParams();
  const view = readQueueView(params);
  const canReview = useCanReview();
  const requests = useApi<RequestPage>(requestsPath(view));
  const clusters = useApi<{ items: Cluster[] }>('/api/v1/clusters');
  const ids = requests.data?.items.map((r) => r.id) ?? [];
  const capacity = useApi<CapacityReport>(
    requests.data
      ? `/api/v1/clusters/capacity${ids.length ? `?${ids.map((id) => `request=${id}`).join('&')}` : ''}`
      : undefined,
  );
  const update = (next: Partial<QueueView>) =>
    setParams(viewParams({ ...view, offset: 0, ...next }));
  // A page past the end (its last requests were decided meanwhile): go to the last page
  // there is, rather than saying the queue is clear while earlier pages still hold requests.
  const past = requests.data;
  useEffect(() => {
    // Only for the answer to the page the URL asks for (not one still loading), once.
    if (!past || past.items.length > 0 || past.total === 0 || past.offset !== view.offset) return;
    const last = Math.floor((past.total - 1) / past.limit) * past.limit;
    if (last !== view.offset) setParams(viewParams({ ...view, offset: last }));
  }, [past, setParams, view]);
  return (
    <AppPage
      id="review-queue"
      title="Review queue"
      description="Requests waiting for the ops team, oldest first: what each would put on which cluster, and whether it fits."
    >
      {!canReview && (
        <Notice variant="info" title="Reviewing is for the ops team" dataTest="queue-read-only">
          Anyone can follow the queue. Ops and admins sign in to start reviews, request changes,
          approve or reject from each request's page.
        </Notice>
      )}
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <SearchField
              dataTest="queue-search"
              label="Search by project or team"
              placeholder="Project or team"
              value={view.q}
              onSearch={(text) => update({ q: text })}
            />
          </ToolbarItem>
          <ToolbarItem>
            <SelectField
              id="queue-state"
              label="State"
              value={view.state}
              options={[
                { value: '', label: 'Waiting for ops' },
                ...STATE_CHOICES.map((s) => ({ value: s, label: s.replaceAll('-', ' ') })),
              ]}
              onChange={(value) => update({ state: value })}
            />
          </ToolbarItem>
          <ToolbarItem>
            <SelectField
              id="queue-cluster"
              label="Cluster"
              value={view.cluster}
              options={[
                { value: '', label: 'Any cluster' },
                ...(clusters.data?.items ?? []).map((c) => ({
                  value: `${c.env}/${c.name}`,
                  label: `${c.env}/${c.name}`,
                })),
              ]}
              onChange={(value) => update({ cluster: value })}
            />
          </ToolbarItem>
          <ToolbarItem>
            <SelectField
              id="queue-order"
              label="Sort"
              value={view.order}
              options={ORDERS.map((o) => ({ value: o.value, label: o.label }))}
              onChange={(value) => update({ order: value })}
            />
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      <Loaded state={requests} what="the review queue">
        {(page) =>
          page.items.length === 0 ? (
            <Placeholder title="Nothing waiting" dataTest="queue-empty">
              No request matches: the queue is clear, or try other filters.
            </Placeholder>
          ) : (
            <>
              <QueueTable requests={page.items} capacity={capacity.data} />
              <Pager
                dataTest="queue-pager"
                total={page.total}
                limit={page.limit}
                offset={page.offset}
                onChange={(offset, limit) => update({ offset, limit })}
              />
            </>
          )
        }
      </Loaded>
      {capacity.data && (
        <div className="opf-gap-top">
          <ClusterCapacity report={capacity.data} />
        </div>
      )}
    </AppPage>
  );
}
