import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMMITTED = join(ROOT, 'web/src/shared/api-types.gen.ts');
const GENERATOR = join(ROOT, 'node_modules/openapi-typescript/bin/cli.js');

describe("the portal's API types", () => {
  it('web/src/shared/api-types.gen.ts is what docs/openapi.json generates (no drift)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opf-api-types-'));
    try {
      const fresh = join(dir, 'api-types.gen.ts');
      // The same generator and arguments as `npm run openapi:types`, into a temporary file.
      await promisify(execFile)(
        process.execPath,
        [GENERATOR, 'docs/openapi.json', '--output', fresh],
        { cwd: ROOT },
      );
      expect(
        readFileSync(COMMITTED, 'utf8'),
        'web/src/shared/api-types.gen.ts is out of date with docs/openapi.json: run `npm run openapi:types` (after `npm run openapi`) and commit it',
      ).toBe(readFileSync(fresh, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('web/src/shared/types.ts declares no shape by hand: every type is an alias of a generated one', () => {
    const types = readFileSync(join(ROOT, 'web/src/shared/types.ts'), 'utf8');
    expect(types).not.toMatch(/^export interface /m);
    expect(types).not.toMatch(/from '(\.\.\/)+src\//);
    expect(types).toContain("from './api-types.gen.ts'");
  });
});
