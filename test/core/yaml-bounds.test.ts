import { describe, expect, it } from 'vitest';
import {
  decodeInput,
  MAX_ERROR_DETAILS,
  MAX_YAML_BYTES,
  MAX_YAML_NODES,
  parseYamlInput,
  requestSpecSchema,
} from '../../src/core/index.ts';

/** `count` distinct keys, one a line: `k0: 0`, `k1: 1`… */
const manyKeys = (count: number, prefix = 'k') =>
  Array.from({ length: count }, (_, i) => `${prefix}${i}: ${i}`).join('\n');

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('YAML input is bounded before it is built', () => {
  it('50,000 keys (the probe’s body) are refused by size, with the bound’s code', () => {
    const text = manyKeys(50_000);
    expect(text.length).toBeGreaterThan(MAX_YAML_BYTES);
    expect(codeOf(() => parseYamlInput(text, 'body'))).toBe('OPF_ERR_YAML_TOO_LARGE');
  });

  it('a dense document under the size bound is refused by its node count', () => {
    const text = `[${'1,'.repeat(MAX_YAML_NODES)}1]`;
    expect(text.length).toBeLessThan(MAX_YAML_BYTES);
    expect(codeOf(() => parseYamlInput(text, 'body'))).toBe('OPF_ERR_YAML_TOO_LARGE');
  });

  it('the bounds are checked before parsing: a broken document over them is "too large"', () => {
    // Were the document built first, its syntax error would be the answer.
    const text = `${manyKeys(MAX_YAML_NODES)}\nbroken: [unclosed\n`;
    expect(text.length).toBeLessThan(MAX_YAML_BYTES);
    expect(codeOf(() => parseYamlInput(text, 'body'))).toBe('OPF_ERR_YAML_TOO_LARGE');
    expect(codeOf(() => parseYamlInput('broken: [unclosed\n', 'body'))).toBe(
      'OPF_ERR_YAML_INVALID',
    );
  });

  it('a document within the bounds is read', () => {
    const input = parseYamlInput(manyKeys(MAX_YAML_NODES / 2 - 1), 'body');
    expect(Object.keys(input.value as object)).toHaveLength(MAX_YAML_NODES / 2 - 1);
  });
});

describe('the checks that were quadratic are linear and still right', () => {
  it('a repeated key is found in any mapping, at its line', () => {
    const text = `a: 1\nnested:\n  x: 1\n  y: 2\n  x: 3\nb: 2\n`;
    let error: { code?: string; details?: { line?: number; message: string }[] } = {};
    try {
      parseYamlInput(text, 'body');
    } catch (thrown) {
      error = thrown as typeof error;
    }
    expect(error.code).toBe('OPF_ERR_YAML_INVALID');
    expect(error.details).toEqual([{ line: 5, message: expect.stringContaining('"x"') }]);
  });

  it('the same key in different mappings is no repeat', () => {
    const input = parseYamlInput('a:\n  name: 1\nb:\n  name: 2\n', 'body');
    expect(input.value).toEqual({ a: { name: 1 }, b: { name: 2 } });
  });

  it('thousands of unknown keys are each named at their line; the details are capped', () => {
    const extra = manyKeys(1_000, 'unknown_');
    const text = `project:\n  name: p\n  description: d\n${extra}\n`;
    const input = parseYamlInput(text, 'body');
    expect(input.lineOf([], 'unknown_999')).toBe(1_003);
    expect(input.lineOf(['project'], 'description')).toBe(3);
    expect(input.lineOf(['project', 'name'])).toBe(2);
    let error: { code?: string; message?: string; details?: { line?: number }[] } = {};
    try {
      decodeInput(requestSpecSchema.pick({ project: true }).strict(), input, 'body');
    } catch (thrown) {
      error = thrown as typeof error;
    }
    expect(error.code).toBe('OPF_ERR_UNKNOWN_KEY');
    expect(error.message).toContain('and 999 more problems');
    expect(error.details).toHaveLength(MAX_ERROR_DETAILS);
    expect(error.details?.[0]?.line).toBe(4);
  });
});
