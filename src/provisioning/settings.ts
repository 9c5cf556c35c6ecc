import type { DeliveryTarget } from '../delivery/index.ts';

/** Where approved changes go, and how. Built from config at start. */
export interface ProvisioningSettings {
  target: DeliveryTarget;
  /** Base URL of opf, for links from commits and namespace annotations. */
  publicUrl: string;
  /** How long to wait between checks of an open pull request. */
  mergePollMs: number;
}

export { DELIVER_JOB } from '../onboarding/index.ts';
export const AWAIT_MERGE_JOB = 'gitops.await-merge';

export const SYSTEM_ACTOR = { name: 'opf-gitops', source: 'job' };

export function requestUrl(publicUrl: string, id: number): string {
  return `${publicUrl}/requests/${id}`;
}
