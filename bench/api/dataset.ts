import { type Kysely, sql } from 'kysely';
import {
  holdsClaims,
  type RequestSpec,
  type RequestState,
  SEED_CLUSTERS,
  SEED_TERMS,
} from '../../src/core/index.ts';
import { projectStatusFor } from '../../src/onboarding/project-status.ts';
import type { Schema } from '../../src/store/index.ts';

/**
 * The benchmark's data set, generated in memory and bulk-loaded with multi-row INSERTs
 * (json_to_recordset), not through the service one request at a time. Every row has the shape
 * the service writes (src/onboarding/submit-request.ts, request-actions.ts,
 * record-transition.ts): a request's version is its number of events, each event records
 * before/after {state, version}, each submit and each non-draft update adds a terms
 * acceptance, each request-changes adds a comment, claims are held only by live requests, and
 * a project's status follows its latest request. Deterministic (seeded PRNG).
 */
export interface DatasetOptions {
  projects: number;
  auditEvents: number;
  /** Events of the one request the detail benchmark reads. */
  longHistory: number;
}

export interface DatasetSummary {
  projects: number;
  requests: number;
  auditEvents: number;
  namespaceClaims: number;
  comments: number;
  termsAcceptances: number;
  /** The request with the long history (the detail benchmark's target). */
  longHistoryRequestId: number;
  longHistoryEvents: number;
  /** A search word for `?q=` and how many active projects it matches. */
  searchWord: string;
  searchActiveMatches: number;
  activeProjects: number;
}

type Row = Record<string, unknown>;

interface Tables {
  projects: Row[];
  requests: Row[];
  namespace_claims: Row[];
  comments: Row[];
  terms_acceptances: Row[];
  audit_events: Row[];
}

const ADJECTIVES = [
  'open',
  'green',
  'rapid',
  'quiet',
  'bright',
  'shared',
  'secure',
  'lean',
  'smart',
  'civic',
  'polar',
  'urban',
  'solar',
  'deep',
  'agile',
  'fair',
];
const NOUNS = [
  'climate',
  'ledger',
  'pipeline',
  'telemetry',
  'notebook',
  'registry',
  'mesh',
  'forecast',
  'genome',
  'atlas',
  'compiler',
  'archive',
  'sensor',
  'harvest',
  'beacon',
  'vault',
  'lab',
  'index',
  'studio',
  'bridge',
];
const TOPICS = [
  'anomaly detection on cluster telemetry',
  'carbon accounting for data centres',
  'reproducible research notebooks',
  'CI energy measurements',
  'open climate risk models',
  'federated search over public archives',
  'model serving for small teams',
  'observability dashboards for volunteers',
  'data pipelines for open government data',
  'a package mirror for university labs',
];
const FIRST = ['ana', 'bo', 'chen', 'dara', 'eli', 'fatou', 'gus', 'hana', 'ivo', 'jun', 'kim'];
const REVIEWERS = ['ops-maria', 'ops-tomas', 'ops-li', 'ops-sam'];
const TIERS = ['x-small', 'small', 'medium', 'large'];
const CLUSTERS = SEED_CLUSTERS.map((c) => `${c.env}/${c.name}`);
const TERMS_ACCEPTED = SEED_TERMS.items.map((item) => item.id);
const CHANGES_REASONS = [
  'Please add a second team member, so the project is reachable when one of you is away.',
  'The prod namespace asks for a large tier; please explain the expected load or start with medium.',
  'Please link the upstream repository and the docs.',
];
const REJECT_REASON = 'This is a proprietary workload; the cloud takes open-source projects only.';
const OFFBOARD_REASON = 'The project moved to its own infrastructure; thank you for running here.';

/** Final states of the latest requests, weighted: a directory where most projects run. */
const FINAL_MIX: [RequestState, number][] = [
  ['active', 40],
  ['submitted', 8],
  ['in-review', 8],
  ['changes-requested', 6],
  ['approved', 3],
  ['provisioning', 3],
  ['draft', 5],
  ['rejected', 6],
  ['withdrawn', 5],
  ['offboarding', 4],
  ['offboarded', 12],
];

type Action =
  | 'create-draft'
  | 'submit'
  | 'update'
  | 'start-review'
  | 'request-changes'
  | 'approve'
  | 'reject'
  | 'withdraw'
  | 'provision'
  | 'activate'
  | 'start-offboarding'
  | 'finish-offboarding';

const TO: Record<Exclude<Action, 'update'>, RequestState> = {
  'create-draft': 'draft',
  submit: 'submitted',
  'start-review': 'in-review',
  'request-changes': 'changes-requested',
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrawn',
  provision: 'provisioning',
  activate: 'active',
  'start-offboarding': 'offboarding',
  'finish-offboarding': 'offboarded',
};

/** The actions after the (first) submit that lead to `state`. */
function pathTo(state: RequestState): Action[] {
  switch (state) {
    case 'draft':
      return [];
    case 'submitted':
      return [];
    case 'in-review':
      return ['start-review'];
    case 'changes-requested':
      return ['start-review', 'request-changes'];
    case 'approved':
      return ['start-review', 'approve'];
    case 'provisioning':
      return ['start-review', 'approve', 'provision'];
    case 'active':
      return ['start-review', 'approve', 'provision', 'activate'];
    case 'offboarding':
      return ['start-review', 'approve', 'provision', 'activate', 'start-offboarding'];
    case 'offboarded':
      return [
        'start-review',
        'approve',
        'provision',
        'activate',
        'start-offboarding',
        'finish-offboarding',
      ];
    case 'rejected':
      return ['start-review', 'reject'];
    case 'withdrawn':
      return ['withdraw'];
  }
}

/** One review round from `submitted` back to `submitted`: 4 events. */
const REVIEW_ROUND: Action[] = ['start-review', 'request-changes', 'update', 'submit'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Plan {
  projectIndex: number;
  /** Actions in order, from create-draft or submit. */
  actions: Action[];
}

/** Generate every row. Pure: the same options give the same data. */
export function generateDataset(options: DatasetOptions): {
  tables: Tables;
  summary: DatasetSummary;
} {
  const random = mulberry32(20261122);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const weighted = (): RequestState => {
    const total = FINAL_MIX.reduce((sum, [, w]) => sum + w, 0);
    let r = random() * total;
    for (const [state, w] of FINAL_MIX) {
      r -= w;
      if (r < 0) return state;
    }
    return 'active';
  };

  // 1. Plan every request's actions: one latest request per project, and for one project in
  //    twenty an earlier request that was rejected or withdrawn.
  const plans: Plan[] = [];
  const latestPlan: Plan[] = [];
  for (let p = 0; p < options.projects; p++) {
    if (random() < 0.05)
      plans.push({
        projectIndex: p,
        actions: ['submit', ...pathTo(random() < 0.5 ? 'rejected' : 'withdrawn')],
      });
    const state = weighted();
    const actions: Action[] = state === 'draft' ? ['create-draft'] : ['submit', ...pathTo(state)];
    const plan = { projectIndex: p, actions };
    plans.push(plan);
    latestPlan.push(plan);
  }
  // The long-history request: many review rounds, then approved and running.
  const longPlan = latestPlan[Math.floor(options.projects / 2)]!;
  const longRounds = Math.max(0, Math.floor((options.longHistory - 5) / REVIEW_ROUND.length));
  const longTail = options.longHistory - 5 - longRounds * REVIEW_ROUND.length;
  longPlan.actions = [
    'submit',
    ...Array.from({ length: longRounds }, () => REVIEW_ROUND).flat(),
    ...Array.from({ length: longTail }, () => 'update' as const),
    ...pathTo('active'),
  ];
  // Fill up to the wanted number of events with review rounds (and single edits for the
  // remainder) on requests that were submitted, spread at random.
  let total = plans.reduce((sum, plan) => sum + plan.actions.length, 0);
  const roundable = plans.filter((plan) => plan !== longPlan && plan.actions[0] === 'submit');
  if (total > options.auditEvents)
    throw new Error(`the base histories already hold ${total} events`);
  while (options.auditEvents - total >= REVIEW_ROUND.length) {
    const plan = pick(roundable);
    const rounds = plan.actions.filter((a) => a === 'request-changes').length;
    if (rounds >= 6) continue;
    plan.actions.splice(1, 0, ...REVIEW_ROUND);
    total += REVIEW_ROUND.length;
  }
  while (total < options.auditEvents) {
    // An edit of a submitted request, right after its submit.
    const plan = pick(roundable);
    if (plan.actions[1] === 'update') continue;
    plan.actions.splice(1, 0, 'update');
    total += 1;
  }

  // 2. Projects' fixed parts.
  const projectNames: string[] = [];
  const specs: RequestSpec[] = [];
  for (let p = 0; p < options.projects; p++) {
    const name = `${pick(ADJECTIVES)}-${pick(NOUNS)}-${p}`;
    projectNames.push(name);
    const owner = `${pick(FIRST)}${Math.floor(random() * 1000)}`;
    const members = [owner];
    const extra = Math.floor(random() * 4);
    for (let m = 0; m < extra; m++)
      members.push(random() < 0.2 ? `${pick(FIRST)}_${m}.dev` : `${pick(FIRST)}-${m}${p}`);
    const words = name.split('-');
    const topic = pick(TOPICS);
    const nsCount = 1 + Math.floor(random() * 3);
    const suffixes = ['dev', 'prod', 'staging'].slice(0, nsCount);
    const custom = random() < 0.1;
    specs.push({
      project: {
        name,
        displayName: `${capitalize(words[0]!)} ${capitalize(words[1]!)} ${p}`,
        description: `${capitalize(words[0]!)} ${words[1]} project: ${topic}, run in the open on the community cloud.`,
        repositoryUrl: `https://github.com/${owner}/${name}`,
        ...(random() < 0.5 && { docsUrl: `https://${name}.readthedocs.io/` }),
        contacts: random() < 0.6 ? [{ name: capitalize(owner), github: owner }] : [],
      },
      team: { name, owner, members },
      namespaces: suffixes.map((suffix, i) => ({
        name: `${name}-${suffix}`,
        cluster: pick(CLUSTERS),
        ...(custom && i === 0
          ? { customQuota: { cpu: '3', memory: '12Gi', storage: '60Gi' } }
          : { tier: pick(TIERS) }),
        limitRange: true,
        monitoring: random() < 0.5,
      })),
      argocd:
        random() < 0.3
          ? {
              enabled: true,
              applications: [
                {
                  name,
                  repoUrl: `https://github.com/${owner}/${name}-deploy`,
                  path: 'overlays/prod',
                  targetRevision: 'HEAD',
                  namespace: `${name}-${suffixes.at(-1)}`,
                },
              ],
            }
          : { enabled: false, applications: [] },
      terms: { version: SEED_TERMS.version, accepted: TERMS_ACCEPTED },
    });
  }

  // 3. Play every plan into rows, in request id order.
  const tables: Tables = {
    projects: [],
    requests: [],
    namespace_claims: [],
    comments: [],
    terms_acceptances: [],
    audit_events: [],
  };
  const start = Date.parse('2025-11-01T08:00:00Z');
  const projectRows = new Map<number, Row>();
  const claimsByProject = new Map<number, Row[]>();
  let auditId = 0;
  let commentId = 0;
  let termsId = 0;
  let longHistoryRequestId = 0;
  plans.forEach((plan, index) => {
    const id = index + 1;
    if (plan === longPlan) longHistoryRequestId = id;
    const spec = specs[plan.projectIndex]!;
    const owner = spec.team.owner;
    const reviewer = pick(REVIEWERS);
    let at = start + plan.projectIndex * 45 * 60_000 + Math.floor(random() * 3_600_000);
    const createdAt = at;
    let state: RequestState | undefined;
    let submittedAt: number | null = null;
    let decidedAt: number | null = null;
    const source = `10.0.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`;
    plan.actions.forEach((action, step) => {
      if (step > 0) at += 600_000 + Math.floor(random() * 36 * 3_600_000);
      const before = state;
      const after: RequestState = action === 'update' ? state! : TO[action];
      const byUser =
        action === 'create-draft' ||
        action === 'submit' ||
        action === 'update' ||
        action === 'withdraw';
      const actor = byUser
        ? owner
        : action === 'provision' || action === 'activate'
          ? 'admin'
          : reviewer;
      let reason: string | null = null;
      if (action === 'request-changes') reason = pick(CHANGES_REASONS);
      if (action === 'reject') reason = REJECT_REASON;
      if (action === 'start-offboarding') reason = OFFBOARD_REASON;
      if (action === 'submit' || (action === 'update' && after !== 'draft'))
        tables.terms_acceptances.push({
          id: ++termsId,
          request_id: id,
          actor,
          version: SEED_TERMS.version,
          accepted: TERMS_ACCEPTED,
          accepted_at: iso(at),
        });
      if (action === 'request-changes')
        tables.comments.push({
          id: ++commentId,
          request_id: id,
          author: actor,
          body: reason,
          created_at: iso(at),
        });
      if (action === 'submit') submittedAt = at;
      if (action === 'approve' || action === 'reject') decidedAt = at;
      tables.audit_events.push({
        id: ++auditId,
        at: iso(at),
        actor,
        action: `request.${action === 'create-draft' ? 'create-draft' : action}`,
        subject_type: 'request',
        subject_id: String(id),
        reason,
        before: before === undefined ? null : { state: before, version: step },
        after: { state: after, version: step + 1 },
        source,
        visibility: 'public',
      });
      state = after;
    });
    const finalState = state!;
    tables.requests.push({
      id,
      project_name: spec.project.name,
      state: finalState,
      version: plan.actions.length,
      spec,
      created_by: owner,
      created_at: iso(createdAt),
      updated_at: iso(at),
      submitted_at: submittedAt === null ? null : iso(submittedAt),
      decided_at: decidedAt === null ? null : iso(decidedAt),
    });
    // The project row follows its latest request (a later request takes a closed one over).
    const existing = projectRows.get(plan.projectIndex);
    projectRows.set(plan.projectIndex, {
      name: spec.project.name,
      display_name: spec.project.displayName ?? spec.project.name,
      description: spec.project.description,
      repository_url: spec.project.repositoryUrl ?? null,
      docs_url: spec.project.docsUrl ?? null,
      contacts: spec.project.contacts,
      status: projectStatusFor(finalState),
      imported: false,
      team: { name: spec.team.name, owner: spec.team.owner, members: spec.team.members },
      latest_request_id: id,
      created_at: existing?.created_at ?? iso(createdAt),
      updated_at: iso(at),
    });
    claimsByProject.set(
      plan.projectIndex,
      holdsClaims(finalState)
        ? spec.namespaces.map((ns) => ({
            name: ns.name,
            cluster_id: ns.cluster,
            project_name: spec.project.name,
            request_id: id,
            tier: ns.tier ?? (ns.customQuota ? 'custom' : null),
            source: 'request',
            created_at: iso(at),
          }))
        : [],
    );
  });
  tables.projects = [...projectRows.values()];
  tables.namespace_claims = [...claimsByProject.values()].flat();

  const searchWord = 'climate';
  const active = tables.projects.filter((row) => row.status === 'active');
  const matches = active.filter((row) =>
    [row.name, row.display_name, row.description].some((v) =>
      String(v).toLowerCase().includes(searchWord),
    ),
  );
  return {
    tables,
    summary: {
      projects: tables.projects.length,
      requests: tables.requests.length,
      auditEvents: tables.audit_events.length,
      namespaceClaims: tables.namespace_claims.length,
      comments: tables.comments.length,
      termsAcceptances: tables.terms_acceptances.length,
      longHistoryRequestId,
      longHistoryEvents: longPlan.actions.length,
      searchWord,
      searchActiveMatches: matches.length,
      activeProjects: active.length,
    },
  };
}

/** Column lists for json_to_recordset, in the tables' own types. */
const COLUMNS: Record<keyof Tables, string> = {
  projects:
    'name text, display_name text, description text, repository_url text, docs_url text, contacts jsonb, status text, imported boolean, team jsonb, latest_request_id bigint, created_at timestamptz, updated_at timestamptz',
  requests:
    'id bigint, project_name text, state text, version integer, spec jsonb, created_by text, created_at timestamptz, updated_at timestamptz, submitted_at timestamptz, decided_at timestamptz',
  namespace_claims:
    'name text, cluster_id text, project_name text, request_id bigint, tier text, source text, created_at timestamptz',
  comments: 'id bigint, request_id bigint, author text, body text, created_at timestamptz',
  terms_acceptances:
    'id bigint, request_id bigint, actor text, version text, accepted jsonb, accepted_at timestamptz',
  audit_events:
    'id bigint, at timestamptz, actor text, action text, subject_type text, subject_id text, reason text, before jsonb, after jsonb, source text, visibility text',
};
const IDENTITY: (keyof Tables)[] = ['requests', 'comments', 'terms_acceptances', 'audit_events'];
const LOAD_ORDER: (keyof Tables)[] = [
  'projects',
  'requests',
  'namespace_claims',
  'comments',
  'terms_acceptances',
  'audit_events',
];

/**
 * Load the rows in batches of multi-row INSERTs, move the identities on, then VACUUM ANALYZE:
 * what autovacuum does to a table after a bulk insert (statistics, and the visibility map that
 * index-only scans need), done now so the runs do not race it.
 */
export async function loadDataset(db: Kysely<Schema>, tables: Tables, batch = 2000): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const table of LOAD_ORDER) {
      const rows = tables[table];
      const names = COLUMNS[table]
        .split(',')
        .map((column) => column.trim().split(' ')[0])
        .join(', ');
      const overriding = IDENTITY.includes(table) ? ' overriding system value' : '';
      // The service stores a first event's `before` as JSON null, not SQL NULL.
      const values =
        table === 'audit_events'
          ? names.replace('before', `coalesce(before, 'null'::jsonb)`)
          : names;
      for (let i = 0; i < rows.length; i += batch) {
        const json = JSON.stringify(rows.slice(i, i + batch));
        await sql`${sql.raw(`insert into ${table} (${names})${overriding} select ${values} from json_to_recordset(`)}${json}${sql.raw(`::json) as x(${COLUMNS[table]})`)}`.execute(
          tx,
        );
      }
      if (IDENTITY.includes(table))
        await sql
          .raw(
            `select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`,
          )
          .execute(tx);
    }
  });
  await sql`vacuum analyze`.execute(db);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
