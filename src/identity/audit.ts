import type { AuditEventView } from '../core/index.ts';
import { listAuditEvents, type Tx } from '../store/index.ts';

export interface AuditPage {
  items: AuditEventView[];
  /** Pass as `after` for the next page; null at the end. */
  next: number | null;
}

/**
 * Page through the append-only audit log, oldest first, by id (stable while events are
 * appended). Restricted (security) events only for those allowed to see them.
 */
export async function pageAudit(
  tx: Tx,
  query: {
    includeRestricted: boolean;
    after?: number;
    limit: number;
    subjectType?: string;
    subjectId?: string;
  },
): Promise<AuditPage> {
  const rows = await listAuditEvents(
    { tx },
    {
      publicOnly: !query.includeRestricted,
      limit: query.limit + 1,
      ...(query.after !== undefined && { afterId: query.after }),
      ...(query.subjectType && { subjectType: query.subjectType }),
      ...(query.subjectId && { subjectId: query.subjectId }),
    },
  );
  const items = rows.slice(0, query.limit);
  return { items, next: rows.length > query.limit ? items.at(-1)!.id : null };
}
