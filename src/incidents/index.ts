export { acknowledgeIncident } from './acknowledge.ts';
export {
  type AlertObservation,
  compareObservations,
  incidentStateOf,
  mergeObservation,
} from './alert-merge.ts';
export { receiveAlertmanagerWebhook, type WebhookOutcome } from './alertmanager.ts';
export { incidentsAtom } from './atom.ts';
export * from './context.ts';
export {
  type Actor,
  attachPostmortem,
  declareIncident,
  postIncidentUpdate,
  resolveIncident,
} from './declared.ts';
export { incidentJobs } from './jobs.ts';
export { MIRROR_JOB, mirrorJob } from './mirror-job.ts';
export * from './model.ts';
export { teamChannel } from './notify.ts';
export { incidentResponseSource } from './responses.ts';
export {
  type ClusterStatus,
  getIncident,
  getIncidents,
  getStatus,
  STATUS_WINDOW_DAYS,
  type StatusView,
} from './views.ts';
