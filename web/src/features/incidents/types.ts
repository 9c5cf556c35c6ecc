import type { components } from '../../shared/api-types.gen.ts';

type Schemas = components['schemas'];
export type Incident = Schemas['Incident'];
export type IncidentDetail = Schemas['IncidentDetail'];
export type Status = Schemas['Status'];
export type ClusterStatus = Status['clusters'][number];
export type Severity = Incident['severity'];
export const SEVERITIES: Severity[] = ['critical', 'major', 'minor'];
