import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/cli/exit-codes.ts';
import {
  ERROR_REGISTRY,
  type ErrorCode,
  type ErrorKind,
  OpfError,
  RETIRED_ERROR_CODES,
  renderErrorsMarkdown,
} from '../../src/core/index.ts';
import { registerErrorHandler } from '../../src/server/error-handler.ts';

/**
 * The contract of each kind as written for users (docs/errors.md, the README's exit codes),
 * spelled out here rather than taken from the maps the renderer and the edges share, so a
 * change to those maps fails this test even when docs/errors.md is regenerated with it.
 */
const CONTRACT: Record<ErrorKind, { http: number; exit: number }> = {
  input: { http: 400, exit: 3 },
  'too-large': { http: 413, exit: 3 },
  'unsupported-media': { http: 415, exit: 3 },
  'not-found': { http: 404, exit: 4 },
  conflict: { http: 409, exit: 5 },
  unauthenticated: { http: 401, exit: 6 },
  forbidden: { http: 403, exit: 6 },
  'rate-limited': { http: 429, exit: 7 },
  unavailable: { http: 503, exit: 7 },
  internal: { http: 500, exit: 1 },
};
/** Codes with an exit code of their own (validation findings: 8, as `opf gitops validate`). */
// Findings have their own exit code; a command line opf does not know exits 2, as shells expect.
const OWN_EXIT: Partial<Record<string, number>> = { OPF_ERR_GITOPS_FINDINGS: 8, OPF_ERR_USAGE: 2 };

interface Row {
  code: string;
  kind: string;
  http: number;
  exit: number;
}

/** The table of docs/errors.md, as a reader sees it. */
function documentedRows(): Row[] {
  const doc = readFileSync('docs/errors.md', 'utf8');
  return [
    ...doc.matchAll(/^\| `(OPF_ERR_[A-Z0-9_]+)` \| ([a-z-]+) \| (\d+) \| (\d+) \| .+ \|$/gm),
  ].map(([, code, kind, http, exit]) => ({
    code: code!,
    kind: kind!,
    http: Number(http),
    exit: Number(exit),
  }));
}

describe('error registry', () => {
  it('docs/errors.md is the registry rendered (run `npm run docs:errors` after changing codes)', () => {
    expect(readFileSync('docs/errors.md', 'utf8')).toBe(renderErrorsMarkdown());
  });

  it('codes are well formed and no retired code is in use', () => {
    for (const code of Object.keys(ERROR_REGISTRY)) {
      expect(code).toMatch(/^OPF_ERR_[A-Z0-9_]+$/);
      expect(RETIRED_ERROR_CODES).not.toContain(code);
    }
  });

  it('docs/errors.md lists every code of the registry once, with its kind and the contract of that kind', () => {
    const rows = documentedRows();
    expect(rows.map((row) => row.code).sort()).toEqual(Object.keys(ERROR_REGISTRY).sort());
    for (const row of rows) {
      const kind = ERROR_REGISTRY[row.code as ErrorCode].kind;
      expect(row.kind, row.code).toBe(kind);
      expect(row.http, row.code).toBe(CONTRACT[kind].http);
      expect(row.exit, row.code).toBe(OWN_EXIT[row.code] ?? CONTRACT[kind].exit);
    }
  });

  it('pins a few rows as a reader would quote them', () => {
    const byCode = new Map(documentedRows().map((row) => [row.code, row]));
    expect(
      [
        'OPF_ERR_VALIDATION',
        'OPF_ERR_BODY_TOO_LARGE',
        'OPF_ERR_NOT_FOUND',
        'OPF_ERR_TRANSITION_ILLEGAL',
        'OPF_ERR_UNAUTHENTICATED',
        'OPF_ERR_FORBIDDEN',
        'OPF_ERR_DELIVERY_FAILED',
        'OPF_ERR_GITOPS_FINDINGS',
      ].map((code) => byCode.get(code)),
    ).toEqual([
      { code: 'OPF_ERR_VALIDATION', kind: 'input', http: 400, exit: 3 },
      { code: 'OPF_ERR_BODY_TOO_LARGE', kind: 'too-large', http: 413, exit: 3 },
      { code: 'OPF_ERR_NOT_FOUND', kind: 'not-found', http: 404, exit: 4 },
      { code: 'OPF_ERR_TRANSITION_ILLEGAL', kind: 'conflict', http: 409, exit: 5 },
      { code: 'OPF_ERR_UNAUTHENTICATED', kind: 'unauthenticated', http: 401, exit: 6 },
      { code: 'OPF_ERR_FORBIDDEN', kind: 'forbidden', http: 403, exit: 6 },
      { code: 'OPF_ERR_DELIVERY_FAILED', kind: 'unavailable', http: 503, exit: 7 },
      { code: 'OPF_ERR_GITOPS_FINDINGS', kind: 'input', http: 400, exit: 8 },
    ]);
  });

  it('the API answers each code with the documented status, and the CLI exits with the documented code', async () => {
    const app = Fastify();
    registerErrorHandler(app);
    app.get<{ Params: { code: string } }>('/fail/:code', async (request) => {
      throw new OpfError(request.params.code as ErrorCode, 'x');
    });
    const wrong: string[] = [];
    for (const row of documentedRows()) {
      const res = await app.inject({ url: `/fail/${row.code}` });
      if (res.statusCode !== row.http || res.json().code !== row.code)
        wrong.push(`${row.code}: API ${res.statusCode} ${res.json().code}, documented ${row.http}`);
      const exit = exitCodeOf(new OpfError(row.code as ErrorCode, 'x'));
      if (exit !== row.exit) wrong.push(`${row.code}: CLI exit ${exit}, documented ${row.exit}`);
    }
    await app.close();
    expect(wrong).toEqual([]);
  });
});
