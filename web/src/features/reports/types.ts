import type { components } from '../../shared/api-types.gen.ts';

export type ProjectReport = components['schemas']['ProjectReport'];
export type NamespaceReport = ProjectReport['namespaces'][number];
export type Finding = ProjectReport['findings'][number];
export type CloudReport = components['schemas']['CloudReport'];
export type CloudCluster = CloudReport['clusters'][number];
