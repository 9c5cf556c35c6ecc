export {
  DAY_PART_FORMAT,
  datasetParquet,
  PARQUET_COLUMNS,
  publishDatasetDays,
} from './dataset-export.ts';
export {
  DATASET_FIELDS,
  type DataCard,
  type DatasetEntry,
  type DatasetFormat,
  type DatasetPeriod,
  dataCard,
  datasetPath,
  datasetRows,
  datasetWindow,
  listDatasets,
  writeCsv,
} from './datasets.ts';
export { type HarvestOutcome, harvestRange, NO_TERMS } from './harvest.ts';
export { HOUR_MS, parseHarvestRange } from './hours.ts';
export {
  harvestClusterNow,
  requestHarvest,
  scheduleTelemetryTick,
  TELEMETRY_HARVEST_JOB,
  TELEMETRY_TICK_JOB,
  telemetryJobs,
} from './jobs.ts';
export { queryRange } from './prometheus.ts';
export { formatBytes, formatCores, type Recommendation, recommendTier } from './recommend.ts';
export {
  DEFAULT_TELEMETRY_SETTINGS,
  sourcesOf,
  type TelemetrySettings,
  type TelemetrySource,
  telemetryClusters,
} from './settings.ts';
export {
  type NamespaceUsage,
  namespaceUsage,
  projectsUsageSummary,
  projectUsage,
  type UsageOptions,
} from './usage.ts';
