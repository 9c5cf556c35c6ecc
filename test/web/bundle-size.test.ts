import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { bundleSizes, entryBrotliBytes, formatBundle } from '../../bench/web/bundle.ts';
import { buildWebIfStale } from '../../web/build.ts';
import { trimBaseCss } from '../../web/trim-base-css.ts';

/** Issue 15: the JS and CSS every first visit fetches, brotli, under this. */
const ENTRY_BUDGET = 150 * 1024;

describe('the portal entry bundle', () => {
  it('is under 150 KiB brotli, and holds only the frame (no page, no table, no zod)', () => {
    buildWebIfStale();
    const files = bundleSizes();
    // Printed so a run shows the figures, as bench/web does.
    console.log(formatBundle(files.filter((file) => file.entry)));
    expect(entryBrotliBytes(files)).toBeLessThan(ENTRY_BUDGET);
    const entryJs = files
      .filter((file) => file.entry && file.name.endsWith('.js'))
      .map((file) => readFileSync(new URL(`../../dist/web/assets/${file.name}`, import.meta.url)))
      .join('\n');
    // Pages are split off (lazy routes): their own data-test names are not in the entry.
    expect(entryJs).not.toContain('projects-table-row');
    expect(entryJs).not.toContain('pf-v6-c-table');
    expect(entryJs).not.toContain('__zod_globalConfig.postProcessor');
  });
});

describe("the server's bundle (dist/web-server)", () => {
  it("holds React's production build alone, whatever NODE_ENV the server runs with", () => {
    buildWebIfStale();
    const bundle = readFileSync(
      new URL('../../dist/web-server/entry-server.js', import.meta.url),
      'utf8',
    );
    // React's modules pick their build by process.env.NODE_ENV when loaded; nothing sets it
    // where opf runs, so a reference left in the bundle renders every page with the
    // development build (twice the time: docs/performance.md).
    expect(bundle).not.toMatch(/process\.env\.NODE_ENV/);
    // A function only React DOM's development build has (its prop checks).
    expect(bundle).not.toContain('function validateProperty');
  });
});

describe('web/src imports each module, never through a barrel', () => {
  it('no file imports @patternfly/react-core (or -table, -icons) whole, or an index.ts of web/src', () => {
    // A barrel in the entry's graph pulls every component a lazy page uses into the entry
    // (docs/performance.md, issue 15): the budget above holds only while none comes back.
    const root = new URL('../../web/src/', import.meta.url);
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) =>
      /\.tsx?$/.test(f),
    );
    const barrels = files.flatMap((file) =>
      [...readFileSync(new URL(file, root), 'utf8').matchAll(/from '([^']+)'/g)]
        .map((m) => m[1]!)
        .filter(
          (spec) =>
            /^@patternfly\/react-[a-z]+$/.test(spec) ||
            // The portal's own barrels; src/core/index.ts is the domain's public API (lazy pages
            // use it, and the entry test above keeps zod out of the entry).
            (/\/index(\.tsx?)?$/.test(spec) &&
              new URL(spec, new URL(file, root)).href.startsWith(root.href)),
        )
        .map((spec) => `${file}: ${spec}`),
    );
    expect(barrels).toEqual([]);
  });
});

describe("PatternFly's base.css as the portal imports it (web/trim-base-css.ts)", () => {
  const require = createRequire(import.meta.url);
  const base = readFileSync(require.resolve('@patternfly/react-core/dist/styles/base.css'), 'utf8');
  const trimmed = trimBaseCss(base);

  it('keeps the reset, the light and dark tokens and the Red Hat fonts', () => {
    expect(trimmed).toContain(':root');
    expect(trimmed).toContain(':where(.pf-v6-theme-dark)');
    expect(trimmed).toContain('font-family: "Red Hat Text"');
    expect(trimmed).toContain('box-sizing: border-box');
  });

  it('drops the themes and the icon font the portal does not use', () => {
    expect(trimmed).not.toContain('pf-v6-theme-high-contrast');
    expect(trimmed).not.toContain('pf-v6-theme-glass');
    expect(trimmed).not.toContain('pf-v6-theme-felt');
    expect(trimmed).not.toContain('pficon');
    expect(trimmed.length).toBeLessThan(base.length * 0.7);
  });
});
