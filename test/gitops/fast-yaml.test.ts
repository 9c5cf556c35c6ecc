import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { parseSimpleYaml } from '../../src/gitops/fast-yaml.ts';
import { diskFs, walkFiles } from '../../src/gitops/repo-fs.ts';
import { FIXTURE, TESTDATA } from './helpers.ts';

/** What the `yaml` package reads: non-empty documents, or undefined when it reports an error. */
function reference(text: string): unknown[] | undefined {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  if (list.some((d) => d.errors.length > 0)) return undefined;
  return list.map((d) => d.toJS()).filter((v) => v != null);
}

function agrees(text: string): boolean {
  const fast = parseSimpleYaml(text);
  if (fast === undefined) return true;
  return isDeepStrictEqual(
    fast.filter((v) => v != null),
    reference(text),
  );
}

describe('the fast YAML reader', () => {
  it('reads every YAML file of the test trees exactly as the yaml package', () => {
    expect(readsTreeAsTheYamlPackage(TESTDATA)).toBeGreaterThan(200);
  });

  // The only test that needs the shared fixture (not on every machine): its 1,500-odd
  // real files. The property tests below run everywhere, on generated input.
  it.skipIf(!FIXTURE)('reads every YAML file of the operate-first-apps fixture likewise', () => {
    // Most files take the fast path (the rest fall back to the yaml package).
    expect(readsTreeAsTheYamlPackage(FIXTURE)).toBeGreaterThan(1500);
  });

  it('agrees with the yaml package on random documents in several styles', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9./-]{0,12}$/);
    const leaf = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom('500m', '2Gi', '1e3', '0x1F', '.5', '~', 'yes', 'Null', '-', '- a', 'a: b'),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    let fastPath = 0;
    fc.assert(
      fc.property(value, fc.boolean(), fc.constantFrom(2, 4), (v, indentSeq, indent) => {
        const text = stringify(v, { indentSeq, indent });
        expect(agrees(text), text).toBe(true);
        if (parseSimpleYaml(text) !== undefined) fastPath++;
      }),
      { numRuns: 500 },
    );
    // Agreement means little if the reader gave up on everything. About a third of these
    // documents take the fast path (the rest hold what it leaves to the yaml package).
    expect(fastPath).toBeGreaterThan(50);
  });

  it('never disagrees with the yaml package on arbitrary YAML-ish text', () => {
    const chars = fc.constantFrom(
      ...'ab1 0-:#\n\n  "\'[]{},.~|>&*!?%@`\\/+eEx'.split(''),
      '---\n',
      '- ',
      'key: ',
      '  ',
      'true',
      'null',
      '\n  - ',
      ': ',
      "'it''s'",
      '\u00a0',
      '\u2028',
      '\u3000',
      '\ufeff',
    );
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        expect(agrees(text), JSON.stringify(text)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives up on what it does not read: flow lists, anchors, block scalars, tabs', () => {
    for (const text of [
      'a: [1, 2]\n',
      'a: &x 1\nb: *x\n',
      'a: |\n  text\n',
      'a:\n\t- b\n',
      'a: 1.5\n',
    ])
      expect(parseSimpleYaml(text), text).toBeUndefined();
    expect(parseSimpleYaml('---\nresources:\n- a # note\n- "b: c"\n')).toEqual([
      { resources: ['a', 'b: c'] },
    ]);
  });
});

/** Check each YAML file under `root`; how many the fast reader read itself. */
function readsTreeAsTheYamlPackage(root: string): number {
  let fast = 0;
  const fs = diskFs(root);
  for (const path of walkFiles(fs, '').filter((p) => /\.ya?ml$/.test(p))) {
    const text = fs.readText(path)!;
    expect(agrees(text), path).toBe(true);
    if (parseSimpleYaml(text) !== undefined) fast++;
  }
  return fast;
}
