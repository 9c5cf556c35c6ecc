/**
 * Error codes of incidents and the status page (src/incidents). Kept beside the main
 * registry like the community codes; same rules: stable, never reused.
 */
export const INCIDENTS_ERROR_REGISTRY = {
  OPF_ERR_ALERTMANAGER_TOKEN: {
    kind: 'unauthenticated',
    summary:
      'The Alertmanager webhook needs "Authorization: Bearer <OPF_ALERTMANAGER_TOKEN>" (and the server must have that token configured).',
  },
  OPF_ERR_ALERTMANAGER_PAYLOAD: {
    kind: 'input',
    summary: 'The body is not an Alertmanager webhook payload of version 4.',
  },
  OPF_ERR_INCIDENT_UNKNOWN: { kind: 'not-found', summary: 'No incident has this id.' },
  OPF_ERR_INCIDENT_RESOLVED: {
    kind: 'conflict',
    summary: 'The incident is already resolved (post-mortems may still be attached).',
  },
  OPF_ERR_INCIDENT_FROM_ALERTS: {
    kind: 'conflict',
    summary:
      'The incident follows its alerts: it resolves when Alertmanager says they resolved, not by hand.',
  },
  OPF_ERR_INCIDENT_PROJECT_UNKNOWN: {
    kind: 'input',
    summary: 'An affected project named for the incident does not exist.',
  },
  OPF_ERR_INCIDENT_CLUSTER_UNKNOWN: {
    kind: 'input',
    summary: 'A cluster named for the incident is not one of the cloud’s clusters.',
  },
  OPF_ERR_INCIDENT_NOT_LINKED: {
    kind: 'conflict',
    summary:
      'The incident is not linked to this project (no alert in its namespaces, not named when declared): there is nothing for its team to answer.',
  },
  OPF_ERR_INCIDENT_ACK_NOT_TEAM: {
    kind: 'forbidden',
    summary:
      'Only a member (or the owner) of the project’s team answers an incident for it: the answer measures the team’s own response, so ops cannot give it for them.',
  },
} as const;
