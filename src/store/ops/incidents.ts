import type { Selectable } from 'kysely';
import type {
  IncidentAlertsTable,
  IncidentsTable,
  IncidentUpdatesTable,
} from '../incidents-schema.ts';
import type { TxContext } from '../schema.ts';

export interface GithubIssueLink {
  number: number;
  url: string;
  /** The last timeline entry (by id, the order they were written) posted as a comment. */
  lastEntryId: number;
  /** Whether the issue is open on GitHub as far as opf last set it. */
  open: boolean;
}

export interface IncidentRow {
  id: number;
  source: 'alertmanager' | 'declared';
  groupKey: string | null;
  title: string;
  severity: 'critical' | 'major' | 'minor';
  status: 'open' | 'resolved';
  clusters: string[];
  startedAt: string;
  resolvedAt: string | null;
  postmortem: string | null;
  createdBy: string;
  githubIssue: GithubIssueLink | null;
  updatedAt: string;
}

export interface IncidentAlertRow {
  incidentId: number;
  fingerprint: string;
  alertname: string;
  namespace: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: 'firing' | 'resolved';
  startsAt: string;
  endsAt: string | null;
}

export interface IncidentUpdateRow {
  id: number;
  incidentId: number;
  entryKey: string;
  at: string;
  kind: string;
  body: string;
  author: string;
}

export type NewIncident = Pick<
  IncidentRow,
  'source' | 'groupKey' | 'title' | 'severity' | 'clusters' | 'startedAt' | 'createdBy'
>;

/** Insert an incident; with a group key already used, nothing is inserted (undefined). */
export async function insertIncident(
  { tx }: TxContext,
  incident: NewIncident,
): Promise<IncidentRow | undefined> {
  const row = await tx
    .insertInto('incidents')
    .values({
      source: incident.source,
      group_key: incident.groupKey,
      title: incident.title,
      severity: incident.severity,
      clusters: JSON.stringify(incident.clusters),
      started_at: incident.startedAt,
      created_by: incident.createdBy,
    })
    .onConflict((oc) => oc.column('group_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toIncident(row);
}

/** The incident of an alert group, locked for the rest of the transaction. */
export async function lockIncidentByGroupKey(
  { tx }: TxContext,
  groupKey: string,
): Promise<IncidentRow | undefined> {
  const row = await tx
    .selectFrom('incidents')
    .selectAll()
    .where('group_key', '=', groupKey)
    .forUpdate()
    .executeTakeFirst();
  return row && toIncident(row);
}

export async function findIncident(
  { tx }: TxContext,
  id: number,
  options: { lock?: boolean } = {},
): Promise<IncidentRow | undefined> {
  let query = tx.selectFrom('incidents').selectAll().where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toIncident(row);
}

export async function updateIncident(
  { tx }: TxContext,
  id: number,
  patch: Partial<
    Pick<
      IncidentRow,
      | 'title'
      | 'severity'
      | 'status'
      | 'clusters'
      | 'startedAt'
      | 'resolvedAt'
      | 'postmortem'
      | 'githubIssue'
    >
  >,
): Promise<void> {
  await tx
    .updateTable('incidents')
    .set({
      ...(patch.title !== undefined && { title: patch.title }),
      ...(patch.severity !== undefined && { severity: patch.severity }),
      ...(patch.status !== undefined && { status: patch.status }),
      ...(patch.clusters !== undefined && { clusters: JSON.stringify(patch.clusters) }),
      ...(patch.startedAt !== undefined && { started_at: patch.startedAt }),
      ...(patch.resolvedAt !== undefined && { resolved_at: patch.resolvedAt }),
      ...(patch.postmortem !== undefined && { postmortem: patch.postmortem }),
      ...(patch.githubIssue !== undefined && {
        github_issue: patch.githubIssue && JSON.stringify(patch.githubIssue),
      }),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export interface IncidentFilter {
  status?: 'open' | 'resolved';
  /** Only incidents still open or resolved at or after this time. */
  since?: string;
  project?: string;
  limit: number;
}

export async function listIncidents(
  { tx }: TxContext,
  filter: IncidentFilter,
): Promise<IncidentRow[]> {
  let query = tx.selectFrom('incidents').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.since) {
    const since = filter.since;
    query = query.where((eb) =>
      eb.or([eb('resolved_at', 'is', null), eb('resolved_at', '>=', new Date(since))]),
    );
  }
  if (filter.project)
    query = query.where(
      'id',
      'in',
      tx
        .selectFrom('incident_projects')
        .select('incident_id')
        .where('project_name', '=', filter.project),
    );
  const rows = await query
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map(toIncident);
}

/** Overwrite one alert of an incident (the caller decided the newer state wins). */
export async function saveIncidentAlert({ tx }: TxContext, alert: IncidentAlertRow): Promise<void> {
  const values = {
    alertname: alert.alertname,
    namespace: alert.namespace,
    labels: JSON.stringify(alert.labels),
    annotations: JSON.stringify(alert.annotations),
    status: alert.status,
    starts_at: alert.startsAt,
    ends_at: alert.endsAt,
  };
  await tx
    .insertInto('incident_alerts')
    .values({ incident_id: alert.incidentId, fingerprint: alert.fingerprint, ...values })
    .onConflict((oc) => oc.columns(['incident_id', 'fingerprint']).doUpdateSet(values))
    .execute();
}

export async function listIncidentAlerts(
  { tx }: TxContext,
  incidentIds: readonly number[],
): Promise<IncidentAlertRow[]> {
  if (incidentIds.length === 0) return [];
  const rows = await tx
    .selectFrom('incident_alerts')
    .selectAll()
    .where('incident_id', 'in', [...incidentIds])
    .orderBy('starts_at')
    .orderBy('fingerprint')
    .execute();
  return rows.map(toAlert);
}

/** Add a timeline entry; an entry with the same key is already there: false, nothing added. */
export async function insertIncidentUpdate(
  { tx }: TxContext,
  entry: Omit<IncidentUpdateRow, 'id'>,
): Promise<boolean> {
  const row = await tx
    .insertInto('incident_updates')
    .values({
      incident_id: entry.incidentId,
      entry_key: entry.entryKey,
      at: entry.at,
      kind: entry.kind,
      body: entry.body,
      author: entry.author,
    })
    .onConflict((oc) => oc.columns(['incident_id', 'entry_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The timeline, in time order (ties in the order they were written). */
export async function listIncidentUpdates(
  { tx }: TxContext,
  incidentId: number,
  order: 'time' | 'written' = 'time',
): Promise<IncidentUpdateRow[]> {
  const query = tx.selectFrom('incident_updates').selectAll().where('incident_id', '=', incidentId);
  const rows = await (order === 'time'
    ? query.orderBy('at').orderBy('entry_key')
    : query.orderBy('id')
  ).execute();
  return rows.map(toUpdate);
}

/** Link projects to an incident; returns the names that were not linked before. */
export async function linkIncidentProjects(
  { tx }: TxContext,
  incidentId: number,
  projects: readonly string[],
): Promise<string[]> {
  if (projects.length === 0) return [];
  const rows = await tx
    .insertInto('incident_projects')
    .values(projects.map((project_name) => ({ incident_id: incidentId, project_name })))
    .onConflict((oc) => oc.columns(['incident_id', 'project_name']).doNothing())
    .returning('project_name')
    .execute();
  return rows.map((r) => r.project_name);
}

export async function listIncidentProjects(
  { tx }: TxContext,
  incidentIds: readonly number[],
): Promise<{ incidentId: number; project: string }[]> {
  if (incidentIds.length === 0) return [];
  const rows = await tx
    .selectFrom('incident_projects')
    .selectAll()
    .where('incident_id', 'in', [...incidentIds])
    .orderBy('project_name')
    .execute();
  return rows.map((r) => ({ incidentId: r.incident_id, project: r.project_name }));
}

const iso = (value: Date | string) => new Date(value).toISOString();

function toIncident(row: Selectable<IncidentsTable>): IncidentRow {
  return {
    id: row.id,
    source: row.source as IncidentRow['source'],
    groupKey: row.group_key,
    title: row.title,
    severity: row.severity as IncidentRow['severity'],
    status: row.status as IncidentRow['status'],
    clusters: row.clusters,
    startedAt: iso(row.started_at),
    resolvedAt: row.resolved_at ? iso(row.resolved_at) : null,
    postmortem: row.postmortem,
    createdBy: row.created_by,
    githubIssue: row.github_issue,
    updatedAt: iso(row.updated_at),
  };
}

function toAlert(row: Selectable<IncidentAlertsTable>): IncidentAlertRow {
  return {
    incidentId: row.incident_id,
    fingerprint: row.fingerprint,
    alertname: row.alertname,
    namespace: row.namespace,
    labels: row.labels,
    annotations: row.annotations,
    status: row.status as IncidentAlertRow['status'],
    startsAt: iso(row.starts_at),
    endsAt: row.ends_at ? iso(row.ends_at) : null,
  };
}

function toUpdate(row: Selectable<IncidentUpdatesTable>): IncidentUpdateRow {
  return {
    id: row.id,
    incidentId: row.incident_id,
    entryKey: row.entry_key,
    at: iso(row.at),
    kind: row.kind,
    body: row.body,
    author: row.author,
  };
}

/**
 * Where a project's team reads mail: the contacts' addresses on the project, and the
 * addresses of its owner's and members' accounts. Lower-cased, sorted, without repeats.
 */
export async function teamAddressesOfProject(
  { tx }: TxContext,
  project: string,
): Promise<string[]> {
  const row = await tx
    .selectFrom('projects')
    .select(['contacts', 'team'])
    .where('name', '=', project)
    .executeTakeFirst();
  if (!row) return [];
  const addresses = new Set<string>();
  for (const contact of row.contacts as { email?: unknown }[])
    if (typeof contact?.email === 'string') addresses.add(contact.email.toLowerCase());
  const logins = row.team ? [row.team.owner, ...row.team.members].map((l) => l.toLowerCase()) : [];
  if (logins.length > 0) {
    const users = await tx
      .selectFrom('users')
      .select('email')
      .where('login_key', 'in', logins)
      .where('email', 'is not', null)
      .execute();
    for (const user of users) addresses.add(user.email!.toLowerCase());
  }
  return [...addresses].sort();
}

/** The id of the announcement made for an automatic event, if it was made. */
export async function findAnnouncementIdByAutoKey(
  { tx }: TxContext,
  autoKey: string,
): Promise<number | undefined> {
  const row = await tx
    .selectFrom('announcements')
    .select('id')
    .where('auto_key', '=', autoKey)
    .executeTakeFirst();
  return row?.id;
}

/** The namespaces the given projects hold. */
export async function findNamespaceClaimsOfProjects(
  { tx }: TxContext,
  projects: readonly string[],
): Promise<{ name: string; projectName: string; clusterId: string | null }[]> {
  if (projects.length === 0) return [];
  const rows = await tx
    .selectFrom('namespace_claims')
    .select(['name', 'project_name', 'cluster_id'])
    .where('project_name', 'in', [...projects])
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ name: r.name, projectName: r.project_name, clusterId: r.cluster_id }));
}
