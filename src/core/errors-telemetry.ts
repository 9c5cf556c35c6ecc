/**
 * Error codes of telemetry (src/telemetry): sources, harvests, usage, open data. Kept beside
 * the main registry like the other capabilities' codes; same rules: stable, never reused.
 */
export const TELEMETRY_ERROR_REGISTRY = {
  OPF_ERR_TELEMETRY_CLUSTER_UNKNOWN: {
    kind: 'input',
    summary: 'No telemetry source is configured for this cluster (OPF_TELEMETRY_SOURCES).',
  },
  OPF_ERR_TELEMETRY_RANGE_INVALID: {
    kind: 'input',
    summary:
      'A time range is not ISO 8601 from and to, ends before it starts, lies in the future or spans over 400 days.',
  },
  OPF_ERR_TELEMETRY_HARVEST_UNKNOWN: { kind: 'not-found', summary: 'No harvest has this id.' },
  OPF_ERR_TELEMETRY_SOURCE_UNAVAILABLE: {
    kind: 'unavailable',
    summary:
      'The cluster’s Prometheus-compatible sources did not answer: the hours are recorded as a gap and harvested again when a source is back.',
  },
  OPF_ERR_TELEMETRY_NO_DATA: {
    kind: 'not-found',
    summary: 'No usage has been harvested for this namespace or project.',
  },
  OPF_ERR_TELEMETRY_AMBIGUOUS: {
    kind: 'input',
    summary: 'The namespace exists on more than one cluster: name the cluster too (--cluster).',
  },
  OPF_ERR_DATASET_UNKNOWN: {
    kind: 'not-found',
    summary:
      'No published dataset has this name: a day or month that is complete and harvested (YYYY-MM-DD or YYYY-MM).',
  },
} as const;
