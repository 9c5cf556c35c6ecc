/** The queue's view, kept in the URL so a reviewer can share or reload it. */
export const WAITING_STATES = ['submitted', 'in-review', 'changes-requested'] as const;
export const STATE_CHOICES = [...WAITING_STATES, 'approved', 'provisioning'] as const;
export const ORDERS = [
  { value: 'oldest', label: 'Oldest first' },
  { value: 'newest', label: 'Newest first' },
  { value: 'name', label: 'Project name' },
] as const;

export interface QueueView {
  /** '' : every state waiting for ops. */
  state: string;
  cluster: string;
  q: string;
  order: string;
  limit: number;
  offset: number;
}

export function readQueueView(params: URLSearchParams): QueueView {
  const state = params.get('state') ?? '';
  const order = params.get('order') ?? 'oldest';
  return {
    state: (STATE_CHOICES as readonly string[]).includes(state) ? state : '',
    cluster: params.get('cluster') ?? '',
    q: params.get('q') ?? '',
    order: ORDERS.some((o) => o.value === order) ? order : 'oldest',
    limit: Number(params.get('limit') ?? 20) || 20,
    offset: Number(params.get('offset') ?? 0) || 0,
  };
}

/** GET /api/v1/requests for the view: states repeat, empty parameters are left out. */
export function requestsPath(view: QueueView): string {
  const search = new URLSearchParams();
  for (const state of view.state ? [view.state] : WAITING_STATES) search.append('state', state);
  if (view.cluster) search.set('cluster', view.cluster);
  if (view.q.trim()) search.set('q', view.q.trim());
  search.set('order', view.order);
  search.set('limit', String(view.limit));
  search.set('offset', String(view.offset));
  return `/api/v1/requests?${search}`;
}

/** The view as the page's own URL parameters, defaults left out. */
export function viewParams(view: QueueView): Record<string, string> {
  const out: Record<string, string> = {};
  if (view.state) out.state = view.state;
  if (view.cluster) out.cluster = view.cluster;
  if (view.q) out.q = view.q;
  if (view.order !== 'oldest') out.order = view.order;
  if (view.limit !== 20) out.limit = String(view.limit);
  if (view.offset) out.offset = String(view.offset);
  return out;
}
