import type { RequestState } from '../core/index.ts';
import type { ProjectStatus } from '../store/index.ts';

/** A project's status follows its latest request. */
export function projectStatusFor(state: RequestState): ProjectStatus {
  switch (state) {
    case 'active':
      return 'active';
    case 'offboarding':
      return 'offboarding';
    case 'offboarded':
      return 'offboarded';
    case 'rejected':
    case 'withdrawn':
      return 'closed';
    default:
      return 'requested';
  }
}
