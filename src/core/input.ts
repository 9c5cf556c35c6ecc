import { type Document, isMap, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
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

export function parseYamlInput(text: string, source = 'input'): LocatedInput {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
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
  return { value, lineOf: (path, key) => lineOfPath(doc, lineCounter, path, key) };
}

/** An input that carries no locations (a JSON body already parsed by the server). */
export function unlocated(value: unknown): LocatedInput {
  return { value, lineOf: () => undefined };
}

function lineOfPath(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  key?: string,
): number | undefined {
  const node = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find(
      (item) => isPair(item) && isScalar(item.key) && item.key.value === key,
    );
    const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? lineCounter.linePos(range[0]).line : undefined;
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
  return new OpfError(code, `${source}: ${first?.message ?? 'invalid'}${more}`, details);
}

/** namespaces[0].name — the path as a person would write it. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
