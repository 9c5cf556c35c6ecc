import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/cli/exit-codes.ts';
import {
  ERROR_REGISTRY,
  type ErrorCode,
  HTTP_STATUS_OF_KIND,
  OpfError,
  RETIRED_ERROR_CODES,
  renderErrorsMarkdown,
} from '../../src/core/index.ts';

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

  it('the documented HTTP status and exit code are the ones the edges use', () => {
    const doc = renderErrorsMarkdown();
    for (const [code, spec] of Object.entries(ERROR_REGISTRY)) {
      const exit = exitCodeOf(new OpfError(code as ErrorCode, 'x'));
      expect(doc).toContain(
        `| \`${code}\` | ${spec.kind} | ${HTTP_STATUS_OF_KIND[spec.kind]} | ${exit} |`,
      );
    }
  });
});
