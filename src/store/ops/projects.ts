import { CompiledQuery, type Selectable, sql } from 'kysely';
import type { ProjectSpec, ProjectView, TeamSpec } from '../../core/index.ts';
import { isoText } from '../iso-text.ts';
import { preparedText } from '../prepared.ts';
import type { ProjectsTable, TxContext } from '../schema.ts';

export type ProjectStatus = ProjectView['status'];

export async function findProject(
  { tx }: TxContext,
  name: string,
): Promise<ProjectView | undefined> {
  const row = await tx
    .selectFrom('projects')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) return undefined;
  const namespaces = await tx
    .selectFrom('namespace_claims')
    .select(['name', 'cluster_id', 'tier'])
    .where('project_name', '=', name)
    .orderBy('name')
    .execute();
  return toProjectView(
    row,
    namespaces.map((ns) => ({ name: ns.name, cluster: ns.cluster_id, tier: ns.tier })),
  );
}

/** Create the project a request names, or take it over again when it was closed. */
export async function saveProjectForRequest(
  { tx }: TxContext,
  project: ProjectSpec,
  team: TeamSpec,
  requestId: number | null,
  status: ProjectStatus,
): Promise<void> {
  const values = {
    display_name: project.displayName ?? project.name,
    description: project.description,
    repository_url: project.repositoryUrl ?? null,
    docs_url: project.docsUrl ?? null,
    contacts: JSON.stringify(project.contacts),
    status,
    team: JSON.stringify({ name: team.name, owner: team.owner, members: team.members }),
    latest_request_id: requestId,
    updated_at: new Date(),
  };
  await tx
    .insertInto('projects')
    .values({ name: project.name, ...values })
    .onConflict((oc) => oc.column('name').doUpdateSet(values))
    .execute();
}

/**
 * Hold one project name until the transaction ends, so two submissions racing for it run one
 * after the other and the second sees the first (on a server they would both pass the checks
 * and the upsert would let both in). The constant first key keeps opf's locks to themselves.
 */
export async function lockProjectName({ tx }: TxContext, name: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(1869637218, hashtext(${name}))`.execute(tx);
}

export async function linkLatestRequest(
  { tx }: TxContext,
  name: string,
  requestId: number,
): Promise<void> {
  await tx
    .updateTable('projects')
    .set({ latest_request_id: requestId })
    .where('name', '=', name)
    .execute();
}

export async function setProjectStatus(
  { tx }: TxContext,
  name: string,
  status: ProjectStatus,
): Promise<void> {
  await tx
    .updateTable('projects')
    .set({ status, updated_at: new Date() })
    .where('name', '=', name)
    .execute();
}

export interface ProjectQuery {
  search?: string;
  status?: ProjectStatus;
  limit: number;
  offset: number;
}

/** A listed project's namespace claims, a JSON array by name (correlated on `projects`). */
const NAMESPACES_OF_ROW = sql<ProjectView['namespaces']>`(
  select coalesce(
    json_agg(json_build_object('name', c.name, 'cluster', c.cluster_id, 'tier', c.tier) order by c.name),
    '[]')
  from namespace_claims c
  where c.project_name = projects.name)`;

/**
 * A page of the directory; search matches name, display name and description.
 *
 * One round trip: the page's names come from an index-only scan (deferred join, so OFFSET does
 * not read the rows it skips), the total is an uncorrelated subquery evaluated once (a sum of
 * the kept per-status counts, or a count through the trigram index for a search), and each
 * project's namespaces are aggregated beside it. The count is asked again only for a page past
 * the end, which has no row to carry it.
 */
export async function listProjects(
  { tx }: TxContext,
  query: ProjectQuery,
): Promise<{ items: ProjectView[]; total: number }> {
  const page = matchingProjects(tx, query)
    .select('name')
    .orderBy('name')
    .limit(query.limit)
    .offset(query.offset);
  const rows = await tx
    .selectFrom('projects')
    .select(LISTED_COLUMNS)
    .select([
      isoText('projects.created_at').as('created_at'),
      isoText('projects.updated_at').as('updated_at'),
      projectTotal(tx, query).as('total'),
      NAMESPACES_OF_ROW.as('namespaces'),
    ])
    .where('projects.name', 'in', page)
    .orderBy('projects.name')
    .execute();
  const total = rows[0]
    ? rows[0].total
    : query.offset > 0
      ? (await projectTotal(tx, query).executeTakeFirst())?.n
      : 0;
  return {
    items: rows.map((row) => toProjectView(row, row.namespaces)),
    total: Number(total ?? 0),
  };
}

/**
 * The projects a query matches (its status and search), not yet ordered or paged. A search
 * reads `project_search` (ADR 0030): each project's status and its three searched fields in
 * one lower-cased text, stored by triggers and indexed by status and trigrams, so counting a
 * search's matches reads that narrow table instead of lowercasing each matching project
 * again. `LIKE lower(pattern)` on it matches what `ILIKE` on each field did, since ILIKE
 * compares lower-cased text too; the newline between the fields keeps a match from spanning
 * two of them.
 */
function matchingProjects(tx: TxContext['tx'], query: ProjectQuery) {
  if (query.search && !query.search.includes('\n')) {
    const pattern = likePattern(query.search);
    let found = tx
      .selectFrom('project_search as projects')
      .where('text', 'like', sql<string>`lower(${pattern})`);
    if (query.status) found = found.where('status', '=', query.status);
    // Named as projects and read for its name (or counted) only: the callers' builder type.
    return found as unknown as ReturnType<typeof projectsWhere>;
  }
  return projectsWhere(tx, query);
}

/** A search as a LIKE pattern matching it anywhere, its wildcards and escape taken literally. */
function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The projects table with a query's status, and a search holding the fields' separator. */
function projectsWhere(tx: TxContext['tx'], query: ProjectQuery) {
  let base = tx.selectFrom('projects');
  if (query.status) base = base.where('status', '=', query.status);
  if (query.search) {
    // A search holding the separator could match across two fields: the slow exact path.
    const pattern = likePattern(query.search);
    base = base.where((eb) =>
      eb.or([
        eb('name', 'ilike', pattern),
        eb('display_name', 'ilike', pattern),
        eb('description', 'ilike', pattern),
      ]),
    );
  }
  return base;
}

/** How many projects a query matches: without a search, read from the kept counts. */
function projectTotal(tx: TxContext['tx'], query: ProjectQuery) {
  return query.search
    ? matchingProjects(tx, query).select((eb) => eb.fn.countAll<number>().as('n'))
    : tx
        .selectFrom('project_counts')
        .select(sql<number>`coalesce(sum(n), 0)`.as('n'))
        .$if(query.status !== undefined, (q) => q.where('status', '=', query.status!));
}

/**
 * A page of the directory as JSON text, for the API's first read after a write (ADR 0016,
 * 0030, 0031): each project's entry is stored as the text the API sends (`project_listings`,
 * kept by triggers), so PostgreSQL only reads the page's 50 texts and the server joins them.
 * The same page, order and total as listProjects, in one round trip; the total is asked
 * again only for a page past the end, which has no row to carry it. The entries come as 50
 * rows rather than one text joined by string_agg: measured with the bench's data set, the
 * backend spent about 1 ms more CPU sending the one 33 KB value than the 50 rows (ADR 0031).
 * A window count in the page's scan was tried and measured slower: it reads every match in
 * name order through the status index, where the count alone takes the trigram index. A page
 * without a search is sent as a named prepared statement (one per shape of query), so it is
 * parsed once per connection rather than on every read; a searched one is planned for its
 * own pattern each time (see pageSql).
 */
export async function listProjectsJson(
  { tx }: TxContext,
  query: ProjectQuery,
): Promise<{ itemsJson: string; total: number }> {
  const { rows } = await (query.search?.includes('\n')
    ? exactSearchPage(tx, query)
    : tx.executeQuery<PageRow>(directoryPageStatement(query)));
  let total = rows[0]?.total;
  if (total === undefined && query.offset > 0)
    total = (await projectTotal(tx, query).executeTakeFirst())?.n;
  return { itemsJson: pageItemsJson(rows), total: Number(total ?? 0) };
}

/** A page's stored entries joined into the JSON array the API sends. */
export function pageItemsJson(rows: readonly PageRow[]): string {
  let items = '';
  for (const row of rows) items = items ? `${items},${row.json}` : row.json;
  return `[${items}]`;
}

export interface PageRow {
  json: string;
  total: number | string;
}

/**
 * The directory's page as fixed SQL text, one per shape, with only the values bound: the same
 * statement kysely's builders wrote (listProjects' page and total), without building and
 * compiling their trees again on every read, which measured about a third of the server's
 * CPU for this route beside the statement's own cost (ADR 0037).
 */
const PAGE_SQL = {
  all: pageSql('projects', 'select coalesce(sum(n), 0) from project_counts', '', 1),
  status: pageSql(
    'projects',
    'select coalesce(sum(n), 0) from project_counts where status = $1',
    'where status = $1',
    2,
  ),
  'all-search': pageSql(
    'project_search',
    'select count(*) from project_search where text like lower($1)',
    'where text like lower($1)',
    2,
  ),
  'status-search': pageSql(
    'project_search',
    'select count(*) from project_search where text like lower($1) and status = $2',
    'where text like lower($1) and status = $2',
    3,
  ),
} as const;

function pageSql(table: string, total: string, where: string, limitParam: number): string {
  const searched = table === 'project_search';
  const shape = `${where.includes('status') ? 'status' : 'all'}${searched ? '-search' : ''}`;
  // A searched page goes unnamed, planned for its own values each time: a prepared one
  // soon runs PostgreSQL's generic plan, which cannot know how many rows a pattern matches
  // (it guessed 10 of 623), so it read the matches twice and sorted them, where the plan made
  // for the pattern walks the status's projects in name order; and only a plan made for the
  // status can use that status's own trigram index (ADR 0040). Measured with the bench's
  // data set: 1.9 ms a read prepared, 1.2 ms unnamed.
  return `${searched ? `/* projects-page-${shape} */` : preparedText(`projects-page-${shape}`)}
    select l.json, (${total}) as total
    from (select name from ${table} ${where} order by name limit $${limitParam} offset $${limitParam + 1}) page
    join project_listings l using (name)
    order by l.name`;
}

/**
 * The statement a directory page (without the separator in its search) is read with: exported
 * for the API bench, whose floor row sends the same statement through a bare route.
 */
export function directoryPageStatement(query: ProjectQuery): CompiledQuery<PageRow> {
  const paging = [query.limit, query.offset];
  if (!query.search)
    return query.status
      ? CompiledQuery.raw(PAGE_SQL.status, [query.status, ...paging])
      : CompiledQuery.raw(PAGE_SQL.all, paging);
  const pattern = likePattern(query.search);
  return query.status
    ? CompiledQuery.raw(PAGE_SQL['status-search'], [pattern, query.status, ...paging])
    : CompiledQuery.raw(PAGE_SQL['all-search'], [pattern, ...paging]);
}

/** A search holding the fields' separator: the rare exact path, built by kysely. */
function exactSearchPage(tx: TxContext['tx'], query: ProjectQuery) {
  const page = matchingProjects(tx, query)
    .select('name')
    .orderBy('name')
    .limit(query.limit)
    .offset(query.offset);
  // Unnamed, as the other searched pages are (see pageSql).
  return sql<PageRow>`select l.json, (${projectTotal(tx, query)}) as total
    from (${page}) page join project_listings l using (name)
    order by l.name`.execute(tx);
}

export async function countProjects({ tx }: TxContext): Promise<number> {
  const row = await tx
    .selectFrom('projects')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** What a listed project shows: not its contacts, and its times already as ISO text. */
const LISTED_COLUMNS = [
  'projects.name',
  'projects.display_name',
  'projects.description',
  'projects.repository_url',
  'projects.docs_url',
  'projects.status',
  'projects.imported',
  'projects.team',
  'projects.latest_request_id',
] as const;

type ProjectRow = Omit<Selectable<ProjectsTable>, 'contacts' | 'created_at' | 'updated_at'> & {
  created_at: Date | string;
  updated_at: Date | string;
};

const isoOf = (time: Date | string) => (typeof time === 'string' ? time : time.toISOString());

function toProjectView(row: ProjectRow, namespaces: ProjectView['namespaces']): ProjectView {
  return {
    name: row.name,
    displayName: row.display_name,
    description: row.description,
    repositoryUrl: row.repository_url,
    docsUrl: row.docs_url,
    status: row.status as ProjectStatus,
    imported: row.imported,
    team: row.team,
    namespaces,
    latestRequestId: row.latest_request_id,
    createdAt: isoOf(row.created_at),
    updatedAt: isoOf(row.updated_at),
  };
}

/** The live projects (not closed or offboarded) whose team has this name, in any casing. */
export async function findProjectsOfTeam(
  { tx }: TxContext,
  team: string,
): Promise<{ name: string; owner: string; members: string[] }[]> {
  const rows = await tx
    .selectFrom('projects')
    .select([
      'name',
      sql<string>`team->>'owner'`.as('owner'),
      sql<string[] | null>`team->'members'`.as('members'),
    ])
    .where(sql<string>`lower(team->>'name')`, '=', team.toLowerCase())
    .where('status', 'not in', ['closed', 'offboarded'])
    .orderBy('name')
    .execute();
  return rows.map((row) => ({
    name: row.name,
    owner: row.owner ?? '',
    members: row.members ?? [],
  }));
}
