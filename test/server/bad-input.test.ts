import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ERROR_REGISTRY, SEED_TERMS } from '../../src/core/index.ts';
import { tokenFor } from '../identity/principals.ts';
import { validRequest } from '../support/fixtures.ts';
import { fuzzSeed } from '../support/fuzz-seed.ts';
import {
  ADMIN_TOKEN,
  ALIAS_BOMB,
  AUTH,
  expectError,
  openTestApi,
  post,
  storedCounts,
  type TestApi,
} from './helpers.ts';

let t: TestApi;
let app: FastifyInstance;

/** A namespace another request already holds, and one already present on a cluster. */
const HELD = 'held-ns';
const PRESENT = 'present-ns';

beforeAll(async () => {
  t = await openTestApi();
  app = t.app;
  const held = await post(app, '/api/v1/requests', {
    ...validRequest('holder'),
    namespaces: [{ name: HELD, cluster: 'moc/smaug', tier: 'small' }],
  });
  expect(held.statusCode, held.body).toBe(201);
  // What importing the GitOps repository records for a namespace that already exists.
  await t.database.db
    .insertInto('namespace_claims')
    .values({
      name: PRESENT,
      cluster_id: 'moc/infra',
      project_name: 'legacy-project',
      request_id: null,
      tier: 'medium',
      source: 'imported',
    })
    .execute();
});
afterAll(() => t?.close());

type Json = Record<string, unknown>;
const base = (): Json => validRequest('bad-input') as unknown as Json;
const ns = (extra: Json): Json => ({
  ...base(),
  namespaces: [{ name: 'bad-input-dev', cluster: 'moc/smaug', ...extra }],
});
const withProject = (name: string): Json => ({
  ...base(),
  project: { name, description: 'x', contacts: [] },
});
const withTeam = (team: Json): Json => ({
  ...base(),
  team: { name: 'bad-input', owner: 'alice', members: ['alice'], ...team },
});
const withTerms = (terms: unknown): Json => ({ ...base(), terms });

const BAD_LABELS: [string, string][] = [
  ['uppercase', 'BadName'],
  ['64 characters', 'a'.repeat(64)],
  ['a leading dash', '-lead'],
  ['a trailing dash', 'trail-'],
  ['unicode', 'prøject'],
  ['a path', '../x'],
  ['an underscore', 'a_b'],
  ['a dot', 'a.b'],
  ['nothing', ''],
];

const BAD_USERS: [string, string][] = [
  ['a slash', 'evil/user'],
  ['a colon', 'system:admin'],
  ['a space', 'two words'],
  ['a newline', 'line\nbreak'],
  ['a leading dash', '-dash'],
  ['a leading dot', '.dot'],
  ['unicode', 'jürgen'],
  ['101 characters', 'u'.repeat(101)],
  ['nothing', ''],
];

interface Case {
  name: string;
  status: number;
  code: string;
  /** A JSON body, or a raw payload with its content type. */
  body?: Json;
  raw?: { payload: string | Buffer; contentType: string };
  headers?: Record<string, string>;
  url?: string;
  method?: 'POST' | 'PUT' | 'GET';
  /** Checks on the error beyond code and message. */
  check?: (error: { message: string; details?: { line?: number; path?: string }[] }) => void;
}

const CASES: Case[] = [
  ...BAD_LABELS.flatMap(([why, value]): Case[] => [
    {
      name: `project name with ${why}`,
      body: withProject(value),
      status: 400,
      code: 'OPF_ERR_NAME_INVALID',
    },
    {
      name: `team name with ${why}`,
      body: withTeam({ name: value }),
      status: 400,
      code: 'OPF_ERR_NAME_INVALID',
    },
    {
      name: `namespace name with ${why}`,
      body: { ...base(), namespaces: [{ name: value, cluster: 'moc/smaug', tier: 'small' }] },
      status: 400,
      code: 'OPF_ERR_NAME_INVALID',
    },
  ]),
  ...BAD_USERS.flatMap(([why, value]): Case[] => [
    {
      name: `owner with ${why}`,
      body: withTeam({ owner: value }),
      status: 400,
      code: 'OPF_ERR_USER_INVALID',
    },
    {
      name: `member with ${why}`,
      body: withTeam({ members: ['alice', value] }),
      status: 400,
      code: 'OPF_ERR_USER_INVALID',
    },
  ]),
  {
    name: 'contact GitHub login with a slash',
    body: {
      ...base(),
      project: { name: 'bad-input', description: 'x', contacts: [{ name: 'A', github: 'a/b' }] },
    },
    status: 400,
    code: 'OPF_ERR_USER_INVALID',
  },
  {
    name: 'a namespace already requested by another request',
    body: { ...base(), namespaces: [{ name: HELD, cluster: 'moc/smaug', tier: 'small' }] },
    status: 409,
    code: 'OPF_ERR_NAMESPACE_TAKEN',
    check: (e) => expect(e.message).toMatch(/already requested by request \d+/),
  },
  {
    name: 'a namespace already requested, asked for on another cluster',
    body: { ...base(), namespaces: [{ name: HELD, cluster: 'osc/osc-cl1' }] },
    status: 409,
    code: 'OPF_ERR_NAMESPACE_TAKEN',
  },
  {
    name: 'a namespace already present on a cluster',
    body: { ...base(), namespaces: [{ name: PRESENT, cluster: 'moc/infra', tier: 'small' }] },
    status: 409,
    code: 'OPF_ERR_NAMESPACE_TAKEN',
    check: (e) => expect(e.message).toMatch(/already present on moc\/infra/),
  },
  {
    name: 'a project that already has an open request',
    body: { ...validRequest('holder'), namespaces: [{ name: 'holder-two', cluster: 'moc/smaug' }] },
    status: 409,
    code: 'OPF_ERR_PROJECT_EXISTS',
  },
  {
    name: 'the same namespace twice in one request',
    body: {
      ...base(),
      namespaces: [
        { name: 'twice', cluster: 'moc/smaug', tier: 'small' },
        { name: 'twice', cluster: 'moc/infra', tier: 'small' },
      ],
    },
    status: 400,
    code: 'OPF_ERR_NAMESPACE_DUPLICATE',
    check: (e) => expect(e.details?.[0]?.path).toBe('namespaces[1].name'),
  },
  {
    name: 'an unknown cluster',
    body: ns({ cluster: 'moc/nowhere' }),
    status: 400,
    code: 'OPF_ERR_CLUSTER_UNKNOWN',
  },
  {
    name: 'a cluster without env',
    body: ns({ cluster: 'smaug' }),
    status: 400,
    code: 'OPF_ERR_CLUSTER_UNKNOWN',
  },
  {
    name: 'an unknown tier',
    body: ns({ tier: 'huge' }),
    status: 400,
    code: 'OPF_ERR_QUOTA_TIER_UNKNOWN',
  },
  {
    name: 'both a tier and a custom quota',
    body: ns({ tier: 'small', customQuota: { cpu: '1' } }),
    status: 400,
    code: 'OPF_ERR_QUOTA_AMBIGUOUS',
  },
  ...['4 cpus', '-1Gi', '1e400', '1.5.5', '', 'Gi', '0x10', ' 1'].map(
    (cpu): Case => ({
      name: `quantity ${JSON.stringify(cpu)}`,
      body: ns({ customQuota: { cpu } }),
      status: 400,
      code: 'OPF_ERR_QUANTITY_INVALID',
    }),
  ),
  {
    name: 'a bad memory quantity',
    body: ns({ customQuota: { memory: '-1Gi' } }),
    status: 400,
    code: 'OPF_ERR_QUANTITY_INVALID',
  },
  {
    name: 'a bad storage quantity',
    body: ns({ customQuota: { storage: '1e400' } }),
    status: 400,
    code: 'OPF_ERR_QUANTITY_INVALID',
  },
  {
    name: 'a custom quota with nothing in it',
    body: ns({ customQuota: {} }),
    status: 400,
    code: 'OPF_ERR_VALIDATION',
  },
  {
    name: 'no terms at all',
    body: (() => {
      const { terms: _terms, ...rest } = base();
      return rest;
    })(),
    status: 400,
    code: 'OPF_ERR_TERMS_NOT_ACCEPTED',
  },
  {
    name: 'no term accepted',
    body: withTerms({ version: SEED_TERMS.version, accepted: [] }),
    status: 400,
    code: 'OPF_ERR_TERMS_NOT_ACCEPTED',
  },
  {
    name: 'one term missing',
    body: withTerms({
      version: SEED_TERMS.version,
      accepted: SEED_TERMS.items.map((item) => item.id).filter((id) => id !== 'no-backup'),
    }),
    status: 400,
    code: 'OPF_ERR_TERMS_NOT_ACCEPTED',
    check: (e) => expect(e.message).toContain('no-backup'),
  },
  {
    name: 'a stale terms version',
    body: withTerms({ version: '2025-01', accepted: SEED_TERMS.items.map((item) => item.id) }),
    status: 400,
    code: 'OPF_ERR_TERMS_VERSION_STALE',
  },
  {
    name: 'a NUL character in free text (PostgreSQL cannot store it)',
    body: { ...base(), project: { name: 'bad-input', description: 'a\u0000b', contacts: [] } },
    status: 400,
    code: 'OPF_ERR_VALIDATION',
    check: (e) => expect(e.details?.[0]?.path).toBe('body.project.description'),
  },
  {
    name: 'a NUL character in a YAML body',
    raw: {
      payload: stringify({
        ...base(),
        project: { name: 'bad-input', displayName: 'x\u0000', description: 'd' },
      }),
      contentType: 'application/yaml',
    },
    status: 400,
    code: 'OPF_ERR_VALIDATION',
  },
  {
    name: 'a JSON body over 1 MiB',
    body: {
      ...base(),
      project: { name: 'bad-input', description: 'x'.repeat(1024 * 1024), contacts: [] },
    },
    status: 413,
    code: 'OPF_ERR_BODY_TOO_LARGE',
  },
  {
    name: 'a YAML body over 32 KiB, refused unread',
    raw: {
      payload: `${stringify(base())}# ${'x'.repeat(32 * 1024)}\n`,
      contentType: 'application/yaml',
    },
    status: 413,
    code: 'OPF_ERR_YAML_TOO_LARGE',
  },
  {
    name: 'invalid JSON',
    raw: { payload: '{"project": {"name": "x",', contentType: 'application/json' },
    status: 400,
    code: 'OPF_ERR_JSON_INVALID',
  },
  {
    name: 'an empty JSON body',
    raw: { payload: '', contentType: 'application/json' },
    status: 400,
    code: 'OPF_ERR_JSON_INVALID',
  },
  {
    name: 'a JSON array instead of an object',
    raw: { payload: '[1, 2]', contentType: 'application/json' },
    status: 400,
    code: 'OPF_ERR_VALIDATION',
    check: (e) => expect(e.message).toMatch(/^body: must be an object/),
  },
  {
    name: 'invalid YAML',
    raw: { payload: 'project:\n  name: [unclosed\nteam: x\n', contentType: 'application/yaml' },
    status: 400,
    code: 'OPF_ERR_YAML_INVALID',
  },
  {
    name: 'YAML with a duplicate key',
    raw: { payload: `${stringify(base())}project: again\n`, contentType: 'application/yaml' },
    status: 400,
    code: 'OPF_ERR_YAML_INVALID',
  },
  {
    name: 'a YAML alias bomb',
    raw: { payload: `${ALIAS_BOMB.join('\n')}\n`, contentType: 'application/yaml' },
    status: 400,
    code: 'OPF_ERR_YAML_INVALID',
  },
  {
    name: 'a body in a content type opf does not take',
    raw: { payload: 'project=x', contentType: 'text/plain' },
    status: 415,
    code: 'OPF_ERR_MEDIA_TYPE',
  },
  {
    name: 'a form-encoded body (curl -d)',
    raw: { payload: 'project=x', contentType: 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'OPF_ERR_MEDIA_TYPE',
  },
  {
    name: 'no terms and a bad name: the name is reported first',
    body: (() => {
      const { terms: _terms, ...rest } = withProject('Bad');
      return rest;
    })(),
    status: 400,
    code: 'OPF_ERR_NAME_INVALID',
  },
  {
    name: 'no terms in a YAML body',
    raw: {
      payload: stringify((({ terms: _terms, ...rest }) => rest)(base())),
      contentType: 'application/yaml',
    },
    status: 400,
    code: 'OPF_ERR_TERMS_NOT_ACCEPTED',
  },
  {
    name: 'an opfcli file as JSON (it cannot carry terms)',
    body: {
      env: 'moc',
      target_cluster: 'smaug',
      team_name: 'bad-input',
      project_description: 'A project.',
      users: ['alice'],
      namespaces: [{ name: 'bad-input-dev', quota: 'small' }],
    },
    status: 400,
    code: 'OPF_ERR_TERMS_NOT_ACCEPTED',
  },
  {
    name: 'an unknown top-level key in JSON',
    body: { ...base(), namspaces: [] },
    status: 400,
    code: 'OPF_ERR_UNKNOWN_KEY',
    check: (e) => expect(e.message).toContain('namspaces'),
  },
  {
    name: 'an unknown nested key in JSON',
    body: ns({ tier: 'small', quota: 'small' }),
    status: 400,
    code: 'OPF_ERR_UNKNOWN_KEY',
    check: (e) => expect(e.details?.[0]?.path).toBe('namespaces[0].quota'),
  },
  {
    name: 'an unknown key in YAML, with its line',
    raw: {
      payload: [
        'project:',
        '  name: bad-input',
        '  description: A project.',
        'team:',
        '  name: bad-input',
        '  owner: alice',
        '  members: [alice]',
        'namespaces:',
        '  - name: bad-input-dev',
        '    cluster: moc/smaug',
        '    tierr: small',
        'terms:',
        `  version: "${SEED_TERMS.version}"`,
        `  accepted: [${SEED_TERMS.items.map((item) => item.id).join(', ')}]`,
        '',
      ].join('\n'),
      contentType: 'application/yaml',
    },
    status: 400,
    code: 'OPF_ERR_UNKNOWN_KEY',
    check: (e) => {
      expect(e.message).toContain('tierr');
      expect(e.message).toContain('line 11');
      expect(e.details?.[0]).toMatchObject({ path: 'namespaces[0].tierr', line: 11 });
    },
  },
  {
    name: 'opfcli YAML with both quota and custom_quota',
    raw: {
      payload: [
        'env: MOC',
        'target_cluster: Smaug',
        'team_name: bad-input',
        'project_description: A project.',
        'users: [alice]',
        'namespaces:',
        '  - name: bad-input-dev',
        '    quota: small',
        '    custom_quota:',
        '      limits.cpu: "1"',
        '',
      ].join('\n'),
      contentType: 'application/yaml',
    },
    status: 400,
    code: 'OPF_ERR_QUOTA_AMBIGUOUS',
    check: (e) => expect(e.details?.[0]).toMatchObject({ line: 9 }),
  },
  {
    // opfcli's file has no place for the terms, and the API takes no other channel for them
    // (the CLI adds them with --accept-terms): refused, with the terms code.
    name: 'opfcli YAML without terms',
    raw: {
      payload:
        'env: MOC\ntarget_cluster: Smaug\nteam_name: bad-input\nproject_description: x\nusers: [alice]\nnamespaces: [{name: bad-input-dev, quota: small}]\n',
      contentType: 'application/yaml',
    },
    status: 400,
    code: 'OPF_ERR_TERMS_NOT_ACCEPTED',
  },
  {
    name: 'opfcli YAML with an unknown key, with its line',
    raw: {
      payload:
        'env: MOC\ntarget_cluster: Smaug\nteam_name: bad-input\nusers: [alice]\nnamespaces: []\nsurprise: 1\n',
      contentType: 'application/yaml',
    },
    status: 400,
    code: 'OPF_ERR_UNKNOWN_KEY',
    check: (e) => expect(e.details?.find((d) => d.path === 'surprise')?.line).toBe(6),
  },
  {
    name: 'a write with no token',
    body: base(),
    headers: {},
    status: 401,
    code: 'OPF_ERR_UNAUTHENTICATED',
  },
  {
    name: 'a write with a wrong token',
    body: base(),
    headers: { authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}x` },
    status: 401,
    code: 'OPF_ERR_UNAUTHENTICATED',
  },
  {
    name: 'a write with a token of another length',
    body: base(),
    headers: { authorization: 'Bearer short' },
    status: 401,
    code: 'OPF_ERR_UNAUTHENTICATED',
  },
  {
    name: 'a write with a non-bearer Authorization header',
    body: base(),
    headers: { authorization: `Basic ${Buffer.from('admin:x').toString('base64')}` },
    status: 401,
    code: 'OPF_ERR_UNAUTHENTICATED',
  },
  {
    name: 'an invalid body and no token: authentication is checked first',
    raw: { payload: '{not json', contentType: 'application/json' },
    headers: {},
    status: 401,
    code: 'OPF_ERR_UNAUTHENTICATED',
  },
  {
    name: 'an unknown route',
    url: '/api/v1/requestz',
    body: base(),
    status: 404,
    code: 'OPF_ERR_ROUTE_NOT_FOUND',
  },
  {
    name: 'an unknown route, anonymous',
    url: '/api/v2/requests',
    method: 'GET',
    headers: {},
    status: 404,
    code: 'OPF_ERR_ROUTE_NOT_FOUND',
  },
  {
    name: 'an unknown draft flag',
    url: '/api/v1/requests?draft=maybe',
    body: base(),
    status: 400,
    code: 'OPF_ERR_VALIDATION',
  },
];

describe('bad input to POST /api/v1/requests: a 4xx with a stable code, nothing stored', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await storedCounts(app);
    const method = c.method ?? 'POST';
    const res = await app.inject({
      method,
      url: c.url ?? '/api/v1/requests',
      headers: {
        ...(c.headers ?? AUTH),
        ...(c.raw && { 'content-type': c.raw.contentType }),
      },
      ...(method !== 'GET' && { payload: c.raw ? c.raw.payload : c.body }),
    });
    const error = expectError(res, c.status, c.code);
    c.check?.(error);
    expect(await storedCounts(app)).toEqual(before);
  });

  it('the sweep changed nothing: the valid base request is still accepted afterwards', async () => {
    const before = await storedCounts(app);
    const res = await post(app, '/api/v1/requests', base());
    expect(res.statusCode, res.body).toBe(201);
    expect(await storedCounts(app)).toEqual({
      requests: before.requests + 1,
      projects: before.projects + 1,
    });
  });
});

describe('bad input to edits and actions', () => {
  let id: number;
  beforeAll(async () => {
    const res = await post(app, '/api/v1/requests', validRequest('edit-target'));
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
  });

  const put = (payload: Json) =>
    app.inject({ method: 'PUT', url: `/api/v1/requests/${id}`, headers: AUTH, payload });

  it.each([
    [
      'a bad namespace name',
      { ...validRequest('edit-target'), namespaces: [{ name: '../x', cluster: 'moc/smaug' }] },
      400,
      'OPF_ERR_NAME_INVALID',
    ],
    [
      'a namespace held elsewhere',
      { ...validRequest('edit-target'), namespaces: [{ name: HELD, cluster: 'moc/smaug' }] },
      409,
      'OPF_ERR_NAMESPACE_TAKEN',
    ],
    [
      'an unknown tier',
      {
        ...validRequest('edit-target'),
        namespaces: [{ name: 'edit-target-dev', cluster: 'moc/smaug', tier: 'jumbo' }],
      },
      400,
      'OPF_ERR_QUOTA_TIER_UNKNOWN',
    ],
    [
      'one term missing',
      {
        ...validRequest('edit-target'),
        terms: { version: SEED_TERMS.version, accepted: ['no-sla'] },
      },
      400,
      'OPF_ERR_TERMS_NOT_ACCEPTED',
    ],
    ['an unknown key', { ...validRequest('edit-target'), extra: true }, 400, 'OPF_ERR_UNKNOWN_KEY'],
  ] as const)('PUT with %s leaves the request as it was', async (_name, body, status, code) => {
    const before = (await app.inject({ method: 'GET', url: `/api/v1/requests/${id}` })).json();
    expectError(await put(body as unknown as Json), status, code);
    const after = (await app.inject({ method: 'GET', url: `/api/v1/requests/${id}` })).json();
    expect(after.request).toEqual(before.request);
    expect(after.history).toHaveLength(before.history.length);
  });

  it.each([
    ['an unknown key', { reason: 'x', because: 'y' }, 'OPF_ERR_UNKNOWN_KEY'],
    ['a version that is not a number', { version: 'one' }, 'OPF_ERR_VALIDATION'],
    ['a version of 0', { version: 0 }, 'OPF_ERR_VALIDATION'],
    ['a reason that is not text', { reason: 42 }, 'OPF_ERR_VALIDATION'],
  ] as const)('an action body with %s is 400', async (_name, body, code) => {
    expectError(await post(app, `/api/v1/requests/${id}/start-review`, body), 400, code);
    const after = (await app.inject({ method: 'GET', url: `/api/v1/requests/${id}` })).json();
    expect(after.request.state).toBe('submitted');
  });

  it.each(['/api/v1/projects?q=a%00b', '/api/v1/projects/a%00b', '/api/v1/requests?project=a%00b'])(
    'a NUL character in a read (%s) is 400, not a crash',
    async (url) => {
      expectError(await app.inject({ method: 'GET', url }), 400, 'OPF_ERR_VALIDATION');
    },
  );

  it('a NUL character in a comment or a reason is 400 and stores nothing', async () => {
    const comments = `/api/v1/requests/${id}/comments`;
    expectError(await post(app, comments, { body: 'hi\u0000there' }), 400, 'OPF_ERR_VALIDATION');
    expectError(
      await post(app, `/api/v1/requests/${id}/reject`, { reason: 'no\u0000' }),
      400,
      'OPF_ERR_VALIDATION',
    );
    expect((await app.inject({ method: 'GET', url: comments })).json().items).toEqual([]);
    const after = (await app.inject({ method: 'GET', url: `/api/v1/requests/${id}` })).json();
    expect(after.request.state).toBe('submitted');
  });

  it('a comment with an unknown key or over 20,000 characters is 400', async () => {
    const url = `/api/v1/requests/${id}/comments`;
    expectError(await post(app, url, { body: 'hi', author: 'me' }), 400, 'OPF_ERR_UNKNOWN_KEY');
    expectError(await post(app, url, { body: 'x'.repeat(20_001) }), 400, 'OPF_ERR_VALIDATION');
    expectError(await post(app, url, { text: 'hi' }), 400, 'OPF_ERR_UNKNOWN_KEY');
    expect((await app.inject({ method: 'GET', url })).json().items).toEqual([]);
  });
});

describe('property: any body gets 201 or a 4xx with a registered code, and a refusal stores nothing', () => {
  const PATHS: (string | number)[][] = [
    [],
    ['project'],
    ['project', 'name'],
    ['project', 'description'],
    ['project', 'displayName'],
    ['namespaces', 0, 'displayName'],
    ['project', 'contacts'],
    ['team'],
    ['team', 'name'],
    ['team', 'owner'],
    ['team', 'members'],
    ['team', 'members', 0],
    ['namespaces'],
    ['namespaces', 0],
    ['namespaces', 0, 'name'],
    ['namespaces', 0, 'cluster'],
    ['namespaces', 0, 'tier'],
    ['namespaces', 0, 'customQuota'],
    ['namespaces', 0, 'limitRange'],
    ['argocd'],
    ['terms'],
    ['terms', 'version'],
    ['terms', 'accepted'],
  ];

  function setIn(target: Json, path: (string | number)[], value: unknown): unknown {
    if (path.length === 0) return value;
    const copy = structuredClone(target) as Record<string | number, unknown>;
    let node = copy;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null) return copy;
      node = next as Record<string | number, unknown>;
    }
    node[path[path.length - 1]!] = value;
    return copy;
  }

  it('holds for random values at random places of a valid request', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PATHS),
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.string({ maxLength: 70 }),
          fc.constantFrom(
            '',
            '-',
            'A',
            '../x',
            'moc/smaug',
            'small',
            '4 cpus',
            '1e400',
            'a\u0000b',
          ),
        ),
        async (path, value) => {
          n += 1;
          const body = setIn(
            {
              ...base(),
              project: { name: `prop-${n}`, description: 'p', contacts: [] },
              namespaces: [{ name: `prop-${n}-ns`, cluster: 'moc/smaug', tier: 'small' }],
            },
            path,
            value,
          );
          const before = await storedCounts(app);
          const res = await app.inject({
            method: 'POST',
            url: '/api/v1/requests',
            headers: { ...AUTH, 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          });
          if (res.statusCode === 201) return;
          expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, res.body).toBeLessThan(500);
          expect(Object.keys(ERROR_REGISTRY)).toContain(res.json().code);
          expect(await storedCounts(app)).toEqual(before);
        },
      ),
      { numRuns: 150, seed: fuzzSeed('random request bodies') },
    );
  }, 120_000);
});

describe('property: any path or query parameter of any route gets an answer below 500 with a code', () => {
  interface Operation {
    method: string;
    path: string;
    params: { in: 'path' | 'query'; name: string }[];
  }
  /** Every route with a parameter, from the served document plus the hidden ones. */
  async function operations(): Promise<Operation[]> {
    const doc = (await app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { parameters?: Operation['params'] }>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query'),
      })),
    );
    return [...documented, { method: 'GET', path: '/auth/token', params: [] }].filter(
      (op) => op.params.length > 0,
    );
  }

  /**
   * A value as a client could put it in a path: every byte outside the unreserved set
   * percent-encoded; RAW values go as they are (bytes that are not UTF-8, a lone `%`).
   */
  const RAW = ['%FF', '%ED%A0%80', '%C0%AF', '%', '%zz', '%2e%2e'];
  const inPath = (value: string): string =>
    RAW.includes(value)
      ? value
      : [...Buffer.from(value, 'utf8')]
          .map((byte) =>
            /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
              ? String.fromCharCode(byte)
              : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
          )
          .join('') || '%20';

  /** What a prober puts in a parameter: control bytes, numbers in disguise, huge or odd text. */
  const nasty = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      '\u0000',
      'x\u0000',
      '0x10',
      '3e0',
      '+3',
      '-1',
      '0',
      '1.5',
      '9007199254740993',
      '99999999999999999999',
      '..',
      '../../etc/passwd',
      '%',
      '%00',
      '\ud800',
      'a'.repeat(5_000),
      '2026-02-30',
      'moc/smaug',
      'null',
      '[]',
      ...RAW,
    ),
  );

  it('holds for random values in every path and query parameter, for any caller', async () => {
    const ops = await operations();
    expect(ops.length).toBeGreaterThan(30);
    const user = { authorization: `Bearer ${await tokenFor(t.database.db, 'fuzz-user')}` };
    const callers: Record<string, Record<string, string>> = { admin: AUTH, user, anonymous: {} };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops),
        fc.array(nasty, { minLength: 4, maxLength: 4 }),
        fc.constantFrom('admin', 'user', 'anonymous'),
        async (op, values, caller) => {
          let url = op.path;
          const query = new URLSearchParams();
          op.params.forEach((param, index) => {
            const value = values[index % values.length]!;
            if (param.in === 'path') url = url.replace(`{${param.name}}`, inPath(value));
            else query.append(param.name, value);
          });
          const res = await app.inject({
            method: op.method as 'GET',
            url: `${url}${query.size > 0 ? `?${query}` : ''}`,
            headers: callers[caller]!,
            ...(op.method !== 'GET' && op.method !== 'DELETE' && { payload: {} }),
          });
          const where = `${op.method} ${`${url}?${query}`.slice(0, 300)} as ${caller}: ${res.body.slice(0, 300)}`;
          expect(res.statusCode, where).toBeLessThan(500);
          if (res.statusCode >= 400)
            expect(Object.keys(ERROR_REGISTRY), where).toContain(res.json().code);
        },
      ),
      { numRuns: 400, seed: fuzzSeed('random path and query parameters') },
    );
  }, 120_000);
});
