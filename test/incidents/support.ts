import type { FastifyInstance } from 'fastify';
import type { EngagementSettings } from '../../src/engagement/index.ts';
import { buildApp } from '../../src/server/index.ts';
import { type Database, type Db, insertImportedClaim, upsertUser } from '../../src/store/index.ts';
import { TEST_IDENTITY_CONFIG } from '../identity/principals.ts';
import { ADMIN_TOKEN } from '../server/helpers.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';

export const ALERTMANAGER_TOKEN = 'am-token-for-tests-0123456789';
export const PUBLIC_URL = 'http://opf.test';

/**
 * A project that owns `namespace` on moc/smaug, as an import would record it, with a
 * contact and a team member who both read mail.
 */
export async function seedProjectWithNamespace(
  db: Db,
  project: string,
  namespace: string,
): Promise<void> {
  await db
    .insertInto('projects')
    .values({
      name: project,
      display_name: project,
      description: `The ${project} project`,
      repository_url: null,
      docs_url: null,
      contacts: JSON.stringify([{ name: 'Lead', email: `lead@${project}.example.org` }]),
      status: 'active',
      team: JSON.stringify({ name: `${project}-team`, owner: `${project}-owner`, members: [] }),
      latest_request_id: null,
    })
    .execute();
  await upsertUser(
    { tx: db },
    {
      login: `${project}-owner`,
      displayName: null,
      email: `owner@${project}.example.org`,
      groups: [],
    },
    new Date(),
  );
  await insertImportedClaim(
    { tx: db },
    { name: namespace, clusterId: 'moc/smaug', projectName: project, tier: null },
  );
}

export interface IncidentApi {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

/** opf's API with the Alertmanager token set, on a fresh database. */
export async function openIncidentApi(
  options: {
    now?: () => Date;
    mirror?: boolean;
    /** Sees each webhook body as it arrives (before opf handles it). */
    onWebhook?: (body: unknown) => void;
    /** Engagement records on the same clock (with these thresholds), tokens of the test roles. */
    engagement?: EngagementSettings;
  } = {},
): Promise<IncidentApi> {
  const database = await openTestDatabase();
  const app = await buildApp({
    db: database.db,
    databaseKind: testDatabaseKind(),
    publicUrl: PUBLIC_URL,
    adminToken: ADMIN_TOKEN,
    incidents: {
      alertmanagerToken: ALERTMANAGER_TOKEN,
      ...(options.mirror && { mirror: true }),
      ...(options.now && { now: options.now }),
    },
    ...(options.engagement && {
      engagement: { settings: options.engagement, ...(options.now && { now: options.now }) },
      identity: { config: TEST_IDENTITY_CONFIG },
    }),
  });
  const onWebhook = options.onWebhook;
  if (onWebhook)
    app.addHook('preHandler', async (request) => {
      if (request.url === '/api/v1/alertmanager/webhook') onWebhook(request.body);
    });
  await app.ready();
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export function postWebhook(app: FastifyInstance, payload: unknown, token = ALERTMANAGER_TOKEN) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/alertmanager/webhook',
    headers: { authorization: `Bearer ${token}` },
    payload: payload as Record<string, unknown>,
  });
}
