import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decodeRequestInput, MAX_YAML_BYTES, OpfError, parseYamlInput } from '../core/index.ts';
import { jsonBoundsProblem } from './json-bounds.ts';

export const BODY_LIMIT_BYTES = 1024 * 1024;
/** A form of opf's own pages holds a CSRF token and a choice or two. */
const FORM_LIMIT_BYTES = 4 * 1024;

/** Body formats a route takes besides JSON, declared beside the route. */
export type BodyFormat = 'yaml' | 'form';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * 'yaml': a request file (opf's format or opfcli's onboard file) as application/yaml.
     * 'form': application/x-www-form-urlencoded, for the forms of opf's script-free pages.
     * Any other route answers such a body 415 before reading it.
     */
    bodyFormats?: readonly BodyFormat[];
  }
}

function assertRouteTakes(request: FastifyRequest, format: BodyFormat, what: string): void {
  if (request.routeOptions.config?.bodyFormats?.includes(format)) return;
  throw new OpfError(
    'OPF_ERR_MEDIA_TYPE',
    `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]} does not take ${what}; send application/json`,
  );
}

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];
const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * Request files are often YAML (opf's format or opfcli's onboard file): the routes that
 * expect one accept it as application/yaml, decoded with line numbers so an unknown key is
 * reported at its line. Elsewhere YAML is refused unread: parsing it is the costliest thing
 * a body can ask of the server.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  // No route takes plain text: without this, a text body fails as "expected object".
  app.removeContentTypeParser('text/plain');
  // PostgreSQL text cannot hold NUL (\u0000): refuse it at the door for every route, path,
  // query and body alike, rather than fail inside the database with a 500.
  app.addHook('preValidation', async (request) => {
    const where =
      nulAt(request.params, 'path') ?? nulAt(request.query, 'query') ?? nulAt(request.body, 'body');
    if (where)
      throw new OpfError(
        'OPF_ERR_VALIDATION',
        `${where} holds a NUL character (\\u0000), which opf cannot store`,
        [{ path: where, message: 'NUL character' }],
      );
  });
  // JSON as Fastify parses it (prototype poisoning refused), after one linear pass that
  // refuses a body whose values would take long to build (json-bounds.ts).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const problem = jsonBoundsProblem(body as string);
    if (problem) done(new OpfError('OPF_ERR_JSON_TOO_LARGE', problem), undefined);
    else parseJson(request, body as string, done);
  });
  // Before a byte of the body is read: a route that takes no YAML (or form) answers 415.
  app.addHook('preParsing', async (request) => {
    const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type && YAML_TYPES.includes(type)) assertRouteTakes(request, 'yaml', 'YAML');
    if (type === FORM_TYPE) assertRouteTakes(request, 'form', 'a form');
  });
  app.addContentTypeParser(
    FORM_TYPE,
    { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES },
    (request, body, done) => {
      try {
        assertRouteTakes(request, 'form', 'a form');
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  app.addContentTypeParser(
    YAML_TYPES,
    // Over the YAML bound, Fastify stops reading and answers 413.
    { parseAs: 'string', bodyLimit: MAX_YAML_BYTES },
    (request, body, done) => {
      try {
        assertRouteTakes(request, 'yaml', 'YAML');
        const input = parseYamlInput(body as string, 'request body');
        // Request bodies are decoded here with locations; other YAML bodies go on as values.
        const value = input.value;
        if (value && typeof value === 'object' && ('project' in value || 'team_name' in value))
          // An opfcli file without users: its submitter owns the team.
          done(null, decodeRequestInput(input, 'request body', undefined, request.principal?.name));
        else done(null, value);
      } catch (error) {
        done(
          error instanceof OpfError ? error : new OpfError('OPF_ERR_YAML_INVALID', String(error)),
          undefined,
        );
      }
    },
  );
}

/** Where in `value` a string (or key) holds NUL, as a dotted path; undefined when nowhere. */
function nulAt(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (typeof value !== 'object' || value === null || depth > 100) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return path;
    const found = nulAt(item, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}
