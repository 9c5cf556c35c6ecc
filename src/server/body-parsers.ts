import type { FastifyInstance } from 'fastify';
import { decodeRequestInput, OpfError, parseYamlInput } from '../core/index.ts';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Request files are often YAML (opf's format or opfcli's onboard file): accept them as
 * application/yaml, decoded with line numbers so an unknown key is reported at its line.
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
  app.addContentTypeParser(
    ['application/yaml', 'application/x-yaml', 'text/yaml'],
    { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES },
    (_request, body, done) => {
      try {
        const input = parseYamlInput(body as string, 'request body');
        // Request bodies are decoded here with locations; other YAML bodies go on as values.
        const value = input.value;
        if (value && typeof value === 'object' && ('project' in value || 'team_name' in value))
          done(null, decodeRequestInput(input, 'request body'));
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
