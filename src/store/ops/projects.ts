import { type Selectable, sql } from 'kysely';
import type { ProjectSpec, ProjectView, TeamSpec } from '../../core/index.ts';
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
 * The three searched fields in one lower-cased text, as the trigram index of migration
 * 20261203T0100-project-search-index holds it (the expression must stay exactly that one).
 * `LIKE lower(pattern)` on it matches what `ILIKE` on each field did, since ILIKE compares
 * lower-cased text too; the newline keeps a match from spanning two fields.
 */
const PROJECT_SEARCH_TEXT = sql<string>`lower(name || E'\\n' || display_name || E'\\n' || description)`;

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

/** The projects a query matches (its status and search), not yet ordered or paged. */
function matchingProjects(tx: TxContext['tx'], query: ProjectQuery) {
  let base = tx.selectFrom('projects');
  if (query.status) base = base.where('status', '=', query.status);
  if (query.search) {
    const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // A search holding the separator could match across two fields: the slow exact path.
    base = query.search.includes('\n')
      ? base.where((eb) =>
          eb.or([
            eb('name', 'ilike', pattern),
            eb('display_name', 'ilike', pattern),
            eb('description', 'ilike', pattern),
          ]),
        )
      : base.where(PROJECT_SEARCH_TEXT, 'like', sql<string>`lower(${pattern})`);
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
 * One listed project as the JSON text the API sends, written by PostgreSQL: the keys in the
 * order and form of the route's schema (`Project`), compact (row_to_json and array_to_json
 * write no spaces), strings escaped as JSON.stringify escapes them. The team's stored JSON is
 * taken apart into the schema's three fields, as the serializer did.
 */
const PROJECT_JSON = sql<string>`(select row_to_json(x)::text from (select
  p.name as "name",
  p.display_name as "displayName",
  p.description as "description",
  p.repository_url as "repositoryUrl",
  p.docs_url as "docsUrl",
  p.status as "status",
  p.imported as "imported",
  case when p.team is null or jsonb_typeof(p.team) = 'null' then null else (
    select row_to_json(t) from (select
      p.team->>'name' as "name",
      p.team->>'owner' as "owner",
      array_to_json(array(
        select m from jsonb_array_elements_text(p.team->'members') with ordinality as e(m, i)
        order by i)) as "members") t) end as "team",
  coalesce((select array_to_json(array_agg(row_to_json(n) order by n.name)) from (
    select c.name as "name", c.cluster_id as "cluster", c.tier as "tier"
    from namespace_claims c where c.project_name = p.name) n), '[]') as "namespaces",
  p.latest_request_id as "latestRequestId",
  to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
  to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt"
) x)`;

/**
 * A page of the directory as JSON text, for the API's first read after a write (ADR 0016):
 * PostgreSQL writes each project's JSON and joins the page, so the server neither parses 50
 * rows into objects nor serialises them again; it sends the text as it came. The same page,
 * order and total as listProjects, in one round trip (an aggregate answers one row even for
 * a page past the end, so the total is always there). A window count in the page's scan was
 * tried and measured slower: it reads every match in name order through the status index,
 * where the count alone takes the trigram index.
 */
export async function listProjectsJson(
  { tx }: TxContext,
  query: ProjectQuery,
): Promise<{ itemsJson: string; total: number }> {
  const page = matchingProjects(tx, query)
    .select('name')
    .orderBy('name')
    .limit(query.limit)
    .offset(query.offset);
  const { rows } = await sql<{ items: string | null; total: number | string | null }>`
    with page as (${page})
    select coalesce(string_agg(${PROJECT_JSON}, ',' order by p.name), '') as items,
      (${projectTotal(tx, query)}) as total
    from page join projects p using (name)`.execute(tx);
  const row = rows[0];
  return { itemsJson: `[${row?.items ?? ''}]`, total: Number(row?.total ?? 0) };
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

/**
 * A timestamp as `Date.toISOString()` writes it, made by PostgreSQL: a page of 50 projects
 * otherwise parses 100 dates into Date objects only to print them again.
 */
function isoText(column: 'projects.created_at' | 'projects.updated_at') {
  return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

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
