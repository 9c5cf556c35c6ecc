/**
 * The telemetry opf harvests per namespace and hour (docs/telemetry.md). Each metric is one
 * PromQL query that returns one series per `namespace` label, evaluated at the end of each
 * hour with a range query (step 1h): the value stored for hour H is the query at H + 1h.
 * Every query can be overridden (OPF_TELEMETRY_QUERIES) for a cloud whose exporters differ.
 */
export interface TelemetryMetric {
  /** The metric's name in the API, the datasets and OPF_TELEMETRY_QUERIES. */
  name: string;
  /** Its column in telemetry_hourly. */
  column: string;
  unit: 'cores' | 'bytes' | 'count' | 'ratio';
  description: string;
  promql: string;
}

const CONTAINERS = 'container!="",pod!=""';

export const TELEMETRY_METRICS = [
  {
    name: 'cpu_used',
    column: 'cpu_used',
    unit: 'cores',
    description: 'CPU used, averaged over the hour',
    promql: `sum by (namespace) (rate(container_cpu_usage_seconds_total{${CONTAINERS}}[1h]))`,
  },
  {
    name: 'cpu_requests',
    column: 'cpu_requests',
    unit: 'cores',
    description: 'CPU requested by the pods’ containers, averaged over the hour',
    promql:
      'sum by (namespace) (avg_over_time(kube_pod_container_resource_requests{resource="cpu"}[1h]))',
  },
  {
    name: 'cpu_limits',
    column: 'cpu_limits',
    unit: 'cores',
    description: 'CPU limits of the pods’ containers, averaged over the hour',
    promql:
      'sum by (namespace) (avg_over_time(kube_pod_container_resource_limits{resource="cpu"}[1h]))',
  },
  {
    name: 'quota_cpu',
    column: 'quota_cpu',
    unit: 'cores',
    description: 'The ResourceQuota’s hard CPU limit (limits.cpu, else cpu or requests.cpu)',
    promql:
      'max by (namespace) (max_over_time(kube_resourcequota{type="hard",resource=~"limits.cpu|cpu|requests.cpu"}[1h]))',
  },
  {
    name: 'memory_used',
    column: 'memory_used',
    unit: 'bytes',
    description:
      'Peak memory working set in the hour: the sum of each container’s peak, an upper bound of the namespace’s peak',
    promql: `sum by (namespace) (max_over_time(container_memory_working_set_bytes{${CONTAINERS}}[1h]))`,
  },
  {
    name: 'memory_requests',
    column: 'memory_requests',
    unit: 'bytes',
    description: 'Memory requested by the pods’ containers, averaged over the hour',
    promql:
      'sum by (namespace) (avg_over_time(kube_pod_container_resource_requests{resource="memory"}[1h]))',
  },
  {
    name: 'memory_limits',
    column: 'memory_limits',
    unit: 'bytes',
    description: 'Memory limits of the pods’ containers, averaged over the hour',
    promql:
      'sum by (namespace) (avg_over_time(kube_pod_container_resource_limits{resource="memory"}[1h]))',
  },
  {
    name: 'quota_memory',
    column: 'quota_memory',
    unit: 'bytes',
    description:
      'The ResourceQuota’s hard memory limit (limits.memory, else memory or requests.memory)',
    promql:
      'max by (namespace) (max_over_time(kube_resourcequota{type="hard",resource=~"limits.memory|memory|requests.memory"}[1h]))',
  },
  {
    name: 'storage_requested',
    column: 'storage_requested',
    unit: 'bytes',
    description: 'Storage requested by persistent volume claims, at the hour’s peak',
    promql:
      'sum by (namespace) (max_over_time(kube_persistentvolumeclaim_resource_requests_storage_bytes[1h]))',
  },
  {
    name: 'storage_used',
    column: 'storage_used',
    unit: 'bytes',
    description: 'Storage used on the volumes, at the hour’s peak',
    promql: 'sum by (namespace) (max_over_time(kubelet_volume_stats_used_bytes[1h]))',
  },
  {
    name: 'quota_storage',
    column: 'quota_storage',
    unit: 'bytes',
    description: 'The ResourceQuota’s hard requests.storage',
    promql:
      'max by (namespace) (max_over_time(kube_resourcequota{type="hard",resource="requests.storage"}[1h]))',
  },
  {
    name: 'pods',
    column: 'pods',
    unit: 'count',
    description: 'Pods that ran in the namespace during the hour',
    promql: 'count by (namespace) (max_over_time(kube_pod_info[1h]))',
  },
  {
    name: 'quota_pods',
    column: 'quota_pods',
    unit: 'count',
    description: 'The ResourceQuota’s hard pod count',
    promql:
      'max by (namespace) (max_over_time(kube_resourcequota{type="hard",resource="pods"}[1h]))',
  },
  {
    name: 'restarts',
    column: 'restarts',
    unit: 'count',
    description: 'Container restarts in the hour',
    promql: 'sum by (namespace) (increase(kube_pod_container_status_restarts_total[1h]))',
  },
  {
    name: 'oom_kills',
    column: 'oom_kills',
    unit: 'count',
    description: 'Containers killed for running out of memory in the hour',
    promql: `sum by (namespace) (increase(container_oom_events_total{${CONTAINERS}}[1h]))`,
  },
  {
    name: 'network_rx',
    column: 'network_rx',
    unit: 'bytes',
    description: 'Network bytes received in the hour',
    promql: 'sum by (namespace) (increase(container_network_receive_bytes_total[1h]))',
  },
  {
    name: 'network_tx',
    column: 'network_tx',
    unit: 'bytes',
    description: 'Network bytes sent in the hour',
    promql: 'sum by (namespace) (increase(container_network_transmit_bytes_total[1h]))',
  },
  {
    // kube-state-metrics: a pod's Ready condition, 1 while true. A pod whose ready series
    // stayed 0 through every sample of the hour never became ready in it; pods that had
    // succeeded (finished Jobs) are not ready by design and are left out.
    name: 'pods_never_ready',
    column: 'pods_never_ready',
    unit: 'count',
    description:
      'Pods whose Ready condition was never true during the hour (finished pods left out)',
    promql:
      'sum by (namespace) ((max_over_time(kube_pod_status_ready{condition="true"}[1h]) == bool 0) unless on (namespace, pod) (max_over_time(kube_pod_status_phase{phase="Succeeded"}[1h]) == 1))',
  },
  {
    name: 'quota_used_ratio',
    column: 'quota_used_ratio',
    unit: 'ratio',
    description:
      'The fullest resource of the ResourceQuota in the hour: peak used / hard (1 = a limit reached)',
    promql:
      'max by (namespace) (max_over_time(kube_resourcequota{type="used"}[1h]) / ignoring(type) (max_over_time(kube_resourcequota{type="hard"}[1h]) > 0))',
  },
] as const satisfies readonly TelemetryMetric[];

export type TelemetryMetricName = (typeof TELEMETRY_METRICS)[number]['name'];
export const TELEMETRY_METRIC_NAMES = TELEMETRY_METRICS.map((m) => m.name) as TelemetryMetricName[];

/** One harvested hour of one namespace: a value per metric, null where the query had none. */
export type TelemetryValues = Record<TelemetryMetricName, number | null>;

/** The licence the open datasets are published under. */
export const TELEMETRY_LICENCE = 'CDLA-Permissive-2.0';

/** The term item whose acceptance lets a project's telemetry be published. */
export const TELEMETRY_TERM_ID = 'telemetry';
