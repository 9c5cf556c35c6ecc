import type { AuditEventView } from '../../shared/types.ts';

/** "ops-demo: request changes" from an audit event, in words a newcomer reads. */
export function describeEvent(event: AuditEventView): string {
  const action = event.action.replace(/^request\./, '').replaceAll(/[._-]/g, ' ');
  return `${event.actor}: ${action}`;
}
