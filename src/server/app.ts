import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { Counter } from 'prom-client';
import { defaultIdentityConfig, identityContext } from '../identity/index.ts';
import { findProject, findRequest } from '../store/index.ts';
import { registerApiHeaders, registerSecurityHeaders } from './api-headers.ts';
import { registerAuthorization } from './auth.ts';
import { BODY_LIMIT_BYTES, registerBodyParsers } from './body-parsers.ts';
import type { ServerDeps } from './deps.ts';
import { answerFrameworkError, registerErrorHandler } from './error-handler.ts';
import { safeLogger } from './logging.ts';
import { registerMetrics } from './metrics.ts';
import {
  PublicCache,
  publicCacheServerFactory,
  registerPublicCache,
  registerPublicCacheLookup,
} from './public-cache.ts';
import { postgresRateLimitStore } from './rate-limit-store.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { capacityRoutes } from './routes/capacity.ts';
import { communityRoutes } from './routes/community.ts';
import { consentRoutes } from './routes/consents.ts';
import { engagementRoutes } from './routes/engagement.ts';
import { healthRoutes } from './routes/health.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { memberRoutes } from './routes/members.ts';
import { metaRoutes } from './routes/meta.ts';
import { noticeRoutes } from './routes/notices.ts';
import { offboardingRoutes } from './routes/offboarding.ts';
import { operatorRoutes } from './routes/operators.ts';
import { planRoutes } from './routes/plan.ts';
import { projectRoutes } from './routes/projects.ts';
import { referenceRoutes } from './routes/reference.ts';
import { reportRoutes } from './routes/reports.ts';
import { requestRoutes } from './routes/requests.ts';
import { signInRoutes } from './routes/sign-in.ts';
import { siteRoutes } from './routes/site.ts';
import { telemetryRoutes } from './routes/telemetry.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { webRoutes } from './routes/web.ts';
import { compiledSerializerCompiler } from './serializer.ts';

export const API_VERSION = '0.1.0';

/** Build the HTTP application; the caller decides whether and where it listens. */
export async function buildApp(
  deps: ServerDeps,
  options: {
    logger?: FastifyServerOptions['logger'];
    trustProxy?: boolean;
    /** Also encode every answer with zod and fail on a difference (the test suites do). */
    checkResponses?: boolean;
    /** Where anonymous answers are kept (tests pass a small one to watch its bound). */
    publicCache?: PublicCache;
  } = {},
): Promise<FastifyInstance> {
  // Public answers cached for anonymous readers are served before anything else runs.
  const publicCache = options.publicCache ?? new PublicCache();
  const cacheHits = new Counter({
    name: 'opf_public_cache_hits_total',
    help: 'Anonymous reads answered from the public read cache, in front of the router',
    registers: [],
  });
  const app = Fastify({
    ...(deps.changes && {
      serverFactory: publicCacheServerFactory(publicCache, () => cacheHits.inc()),
    }),
    logger: safeLogger(options.logger ?? false),
    bodyLimit: BODY_LIMIT_BYTES,
    frameworkErrors: answerFrameworkError,
    // Only behind a proxy that sets X-Forwarded-For: otherwise any client could choose the
    // address the audit log records.
    trustProxy: options.trustProxy ?? false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(
    compiledSerializerCompiler({
      checkResponses: options.checkResponses ?? process.env.OPF_CHECK_RESPONSES === '1',
      onFallback: (route, error) =>
        app.log.warn({ route, err: error }, 'response schema not compiled: zod serialises it'),
    }),
  );
  if (deps.changes) registerPublicCacheLookup(app, publicCache);
  registerErrorHandler(app);
  registerBodyParsers(app);
  const identity = identityContext({
    db: deps.db,
    publicUrl: deps.publicUrl,
    config: deps.identity?.config ?? defaultIdentityConfig(),
    ...(deps.identity?.providers && { providers: deps.identity.providers }),
    ...(deps.identity?.now && { now: deps.identity.now }),
    demoSignIn: deps.identity?.demoSignIn === true,
  });
  await app.register(fastifyCookie);
  // Only the routes that ask for it (sign-in, tokens, invitations) are limited: see their
  // config. Counted in the database, so every replica shares one budget per client.
  await app.register(fastifyRateLimit, { global: false, store: postgresRateLimitStore(deps.db) });
  registerAuthorization(app, {
    adminToken: deps.adminToken,
    identity,
    // An onboarded project's team changes after its request (members added and removed):
    // the project's record is the newest word on the request that made it.
    teamOfRequest: async (id) => {
      const request = await findRequest({ tx: deps.db }, id);
      if (!request) return undefined;
      const project = await findProject({ tx: deps.db }, request.projectName);
      return project?.latestRequestId === id && project.team ? project.team : request.spec.team;
    },
    teamOfProject: async (name) => (await findProject({ tx: deps.db }, name))?.team ?? undefined,
    ...(deps.incidents?.alertmanagerToken && {
      alertmanagerToken: deps.incidents.alertmanagerToken,
    }),
  });
  const registry = registerMetrics(app, deps.db, deps.processMetrics);
  registry.registerMetric(cacheHits);
  registerSecurityHeaders(app, {
    // Sent only over https: see registerApiHeaders.
    strictTransportSecurity: false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
  });
  registerApiHeaders(app);
  // After helmet, so answers from the cache carry the same security headers.
  if (deps.changes) registerPublicCache(app, deps.changes, publicCache);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'opf',
        version: API_VERSION,
        description:
          'Onboard open-source projects to a community cloud, in the open. Reads are public; writes need a session (sign in at /auth/login; send x-csrf-token) or a bearer token.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          // A browser session; its writes also send the x-csrf-token header.
          session: { type: 'apiKey', in: 'cookie', name: 'opf_session' },
          // Alertmanager's own shared token (OPF_ALERTMANAGER_TOKEN), for its webhook only.
          alertmanager: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    // Each operation says who may call it: opf's policy, and the credentials when not public.
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const policy = input.route.config?.policy;
      return {
        ...out,
        schema: {
          ...out.schema,
          'x-opf-policy': policy,
          ...(policy !== 'public' && {
            security:
              policy === 'alertmanager'
                ? [{ alertmanager: [] }]
                : [{ bearer: [] }, { session: [] }],
          }),
        },
      };
    },
    // The schemas named with .meta({ id }) that the operations $ref: without this they dangle.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(healthRoutes, deps);
  await app.register(referenceRoutes, deps);
  await app.register(projectRoutes, deps);
  await app.register(memberRoutes, deps);
  await app.register(requestRoutes, deps);
  await app.register(consentRoutes, deps);
  await app.register(planRoutes, deps);
  await app.register(operatorRoutes, deps);
  await app.register(capacityRoutes, deps);
  await app.register(communityRoutes, deps);
  await app.register(incidentRoutes, deps);
  await app.register(noticeRoutes, deps);
  await app.register(engagementRoutes, deps);
  await app.register(offboardingRoutes, deps);
  await app.register(reportRoutes, deps);
  await app.register(telemetryRoutes, deps);
  const rateLimit = identity.config.authRateLimit;
  await app.register(authRoutes, { identity, rateLimit });
  await app.register(tokenRoutes, { identity, rateLimit });
  await app.register(signInRoutes, { identity, rateLimit });
  await app.register(auditRoutes, deps);
  await app.register(async (instance) => metaRoutes(instance, registry));
  await app.register(siteRoutes, deps);
  await app.register(webRoutes, {
    ...(deps.cloudName && { cloudName: deps.cloudName }),
    ...(deps.changes && { changes: deps.changes }),
  });
  return app;
}
