/** One file a plan creates, updates or deletes (repo-relative posix path). */
export interface FileChange {
  path: string;
  action: 'create' | 'update' | 'delete';
  /** The new content; absent for a delete. */
  content?: string;
  /** The content the plan was made against; absent for a create. */
  before?: string;
}

export interface Plan {
  /** What the plan does, in words (used as the commit message). */
  summary: string;
  changes: FileChange[];
}
