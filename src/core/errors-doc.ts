import {
  ERROR_REGISTRY,
  type ErrorCode,
  exitCodeOfCode,
  HTTP_STATUS_OF_KIND,
  RETIRED_ERROR_CODES,
} from './errors.ts';

/**
 * docs/errors.md, rendered from the registry so the two cannot drift (a test compares the
 * committed file with this; `npm run docs:errors` rewrites it).
 */
export function renderErrorsMarkdown(): string {
  const rows = Object.entries(ERROR_REGISTRY)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([code, spec]) =>
        `| \`${code}\` | ${spec.kind} | ${HTTP_STATUS_OF_KIND[spec.kind]} | ${exitCodeOfCode(code as ErrorCode)} | ${spec.summary} |`,
    );
  const retired = RETIRED_ERROR_CODES.length
    ? RETIRED_ERROR_CODES.map((code) => `- \`${code}\``).join('\n')
    : 'None yet.';
  return [
    '# opf error codes',
    '',
    'Every error opf reports, at the API, the CLI and the web form, carries one of these stable',
    'codes. The API answers `{ "code": "OPF_ERR_…", "message": "…", "details": [ … ] }` with the',
    'HTTP status below; `details` lists each problem with its `path` (and `line`, for files).',
    'The CLI prints `error OPF_ERR_…: message` on stderr and exits with the code below.',
    '',
    'This file is generated from `src/core/errors.ts` by `npm run docs:errors`; a test fails',
    'when the two differ. A code is never reused for another meaning: it is retired instead.',
    '',
    '| code | kind | HTTP | CLI exit | meaning |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '## CLI exit codes',
    '',
    '| exit | meaning |',
    '| --- | --- |',
    '| 0 | success |',
    '| 1 | internal error |',
    '| 2 | usage error (unknown command or option, missing argument) |',
    '| 3 | bad input (validation, unknown key, bad file) |',
    '| 4 | not found |',
    '| 5 | conflict (state, version, name taken) |',
    '| 6 | not authenticated or not allowed |',
    '| 7 | server unreachable, not ready, or rate limited |',
    '| 8 | `opf gitops validate` found problems |',
    '',
    '## Retired codes',
    '',
    retired,
    '',
  ].join('\n');
}
