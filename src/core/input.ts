import {
  CST,
  type Document,
  isMap,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  type Pair,
  parseDocument,
  type Scalar,
  visit,
  type YAMLMap,
} from 'yaml';
import type { z } from 'zod';
import { type ErrorCode, type ErrorDetail, OpfError } from './errors.ts';
import { opfCodeOfIssue } from './zod-codes.ts';

/**
 * Parsed input text (YAML, or JSON, which is YAML) that remembers where each value came
 * from, so a problem can name its line: `unknown key "namspaces" at line 7`.
 */
export interface LocatedInput {
  value: unknown;
  lineOf(path: readonly PropertyKey[], key?: string): number | undefined;
}

/**
 * How much YAML opf reads at once. A request file is a few kilobytes and a few hundred
 * nodes; the bounds are checked before the document is built, so a hostile one costs a
 * linear scan of at most MAX_YAML_BYTES and nothing more.
 */
export const MAX_YAML_BYTES = 32 * 1024;
export const MAX_YAML_NODES = 2_500;

/** The lexer's tokens that each begin one node (scalars, aliases, flow collections). */
const NODE_TOKENS = new Set([
  'scalar',
  'single-quoted-scalar',
  'double-quoted-scalar',
  'block-scalar-header',
  'alias',
  'flow-map-start',
  'flow-seq-start',
]);

export function parseYamlInput(text: string, source = 'input'): LocatedInput {
  assertYamlWithinBounds(text, source);
  const lineCounter = new LineCounter();
  // uniqueKeys off: the library's check compares each key with every earlier one
  // (quadratic); duplicateKeysOf below does it with one set per mapping.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    const details = doc.errors.map((error) => ({
      line: lineCounter.linePos(error.pos[0]).line,
      message: error.message.split('\n')[0] ?? error.message,
    }));
    throw new OpfError(
      'OPF_ERR_YAML_INVALID',
      `${source} is not valid YAML: ${details[0]?.message} (line ${details[0]?.line})`,
      details,
    );
  }
  const duplicates = duplicateKeysOf(doc);
  if (duplicates.length > 0) {
    const details = duplicates.map((key) => {
      const line = key.range ? lineCounter.linePos(key.range[0]).line : undefined;
      return {
        ...(line !== undefined && { line }),
        message: `map keys must be unique: "${String(key.value)}" is repeated`,
      };
    });
    throw new OpfError(
      'OPF_ERR_YAML_INVALID',
      `${source} is not valid YAML: ${details[0]?.message}${details[0]?.line ? ` (line ${details[0].line})` : ''}`,
      details,
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias bomb ("excessive alias count") or an alias to nothing: bad input, not a crash.
    throw new OpfError(
      'OPF_ERR_YAML_INVALID',
      `${source} is not valid YAML: ${(error as Error).message}`,
    );
  }
  const locate = locator(doc, lineCounter);
  return { value, lineOf: locate };
}

/** Refuse a document over the size or node bound: one pass of the lexer, nothing built. */
export function assertYamlWithinBounds(text: string, source: string): void {
  if (text.length > MAX_YAML_BYTES)
    throw new OpfError(
      'OPF_ERR_YAML_TOO_LARGE',
      `${source} is over ${MAX_YAML_BYTES / 1024} KiB of YAML; a request file is far smaller`,
    );
  let nodes = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type && NODE_TOKENS.has(type) && ++nodes > MAX_YAML_NODES)
      throw new OpfError(
        'OPF_ERR_YAML_TOO_LARGE',
        `${source} has over ${MAX_YAML_NODES} YAML nodes; a request file has far fewer`,
      );
  }
}

/** Keys repeated within one mapping, in document order (one set per mapping: linear). */
function duplicateKeysOf(doc: Document): Scalar[] {
  const repeated: Scalar[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) repeated.push(pair.key);
        else seen.add(pair.key.value);
      }
    },
  });
  return repeated;
}

/**
 * Where a path (and a key under it) sits in the document. Each mapping's keys are indexed
 * once, on first use, so naming the lines of many unknown keys stays linear.
 */
function locator(doc: Document, lineCounter: LineCounter): LocatedInput['lineOf'] {
  const indexes = new WeakMap<YAMLMap, Map<unknown, Pair>>();
  const pairOf = (map: YAMLMap, key: unknown): Pair | undefined => {
    let index = indexes.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items)
        if (isScalar(pair.key) && !index.has(pair.key.value)) index.set(pair.key.value, pair);
      indexes.set(map, index);
    }
    return index.get(key);
  };
  const lineAt = (node: unknown): number | undefined => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  return (path, key) => {
    let node: unknown = doc.contents;
    for (const step of path) {
      if (isMap(node)) node = pairOf(node, step)?.value;
      else if (isSeq(node) && typeof step === 'number') node = node.items[step];
      else return undefined;
    }
    if (key !== undefined && isMap(node)) {
      const line = lineAt(pairOf(node, key)?.key);
      if (line !== undefined) return line;
    }
    return lineAt(node);
  };
}

/** An input that carries no locations (a JSON body already parsed by the server). */
export function unlocated(value: unknown): LocatedInput {
  return { value, lineOf: () => undefined };
}

/**
 * Validate `input` against `schema`, or throw an OpfError whose code is the most specific
 * one found (an unknown key, a bad name...) and whose details list every problem with its
 * path and line.
 */
export function decodeInput<S extends z.ZodType>(
  schema: S,
  input: LocatedInput,
  source = 'input',
): z.output<S> {
  const result = schema.safeParse(input.value);
  if (result.success) return result.data;
  throw inputErrorFromIssues(result.error.issues, input, source);
}

export function inputErrorFromIssues(
  issues: readonly z.core.$ZodIssue[],
  input: LocatedInput,
  source: string,
): OpfError {
  const details: ErrorDetail[] = [];
  for (const issue of issues) {
    const code = opfCodeOfIssue(issue);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const line = input.lineOf(issue.path, key);
        details.push({
          path: formatPath([...issue.path, key]),
          ...(line !== undefined && { line }),
          code: 'OPF_ERR_UNKNOWN_KEY',
          message: `unknown key "${key}"${line !== undefined ? ` at line ${line}` : ''}`,
        });
      }
      continue;
    }
    const line = input.lineOf(issue.path);
    const path = formatPath(issue.path);
    details.push({
      path,
      ...(line !== undefined && { line }),
      ...(code && { code }),
      // The whole message is prefixed with the source below; a root problem needs no path.
      message: `${path ? `${path}: ` : ''}${issue.message}${line !== undefined ? ` (line ${line})` : ''}`,
    });
  }
  const code: ErrorCode = details.find((d) => d.code)?.code ?? 'OPF_ERR_VALIDATION';
  const first = details.find((d) => d.code === code) ?? details[0];
  const more =
    details.length > 1
      ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})`
      : '';
  // The message counts every problem; the details list the first ones (a body of 50,000
  // unknown keys must not become an answer of 50,000 details).
  return new OpfError(
    code,
    `${source}: ${first?.message ?? 'invalid'}${more}`,
    details.slice(0, MAX_ERROR_DETAILS),
  );
}

/** How many problems an input error lists in its details. */
export const MAX_ERROR_DETAILS = 100;

/** namespaces[0].name — the path as a person would write it. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
