import { isDeepStrictEqual } from 'node:util';
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  type Node,
  parseAllDocuments,
  stringify,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { OpfError } from '../core/index.ts';

/**
 * Edits of existing files are splices of whole lines located through the parsed document,
 * not re-serialisations: every byte outside the added or removed line stays as it was
 * (comments, quoting, key order and each file's own list indentation).
 */

interface ListLocation {
  doc: Document;
  map: YAMLMap;
  seq: YAMLSeq | undefined;
  keyEnd: number;
}

function locate(path: string, text: string, key: string): ListLocation {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  if (list.some((d) => d.errors.length > 0))
    throw new OpfError('OPF_ERR_GITOPS_YAML_INVALID', `${path} is not valid YAML; fix it first`);
  const withKey = list.find((d) => isMap(d.contents) && d.contents.has(key));
  const doc = withKey ?? list.find((d) => isMap(d.contents));
  if (!doc || !isMap(doc.contents))
    throw unsupported(path, 'it holds no YAML mapping to add a list to');
  const map = doc.contents;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  if (!pair) {
    if (doc !== list[list.length - 1])
      throw unsupported(path, `"${key}" is missing in an inner document`);
    return { doc, map, seq: undefined, keyEnd: -1 };
  }
  const keyEnd = (pair.key as Node).range?.[1] ?? -1;
  if (pair.value === null || (isScalar(pair.value) && pair.value.value === null))
    return { doc, map, seq: undefined, keyEnd };
  if (!isSeq(pair.value)) throw unsupported(path, `"${key}" is not a list`);
  if (pair.value.flow) throw unsupported(path, `"${key}" is a flow list ([...])`);
  return { doc, map, seq: pair.value, keyEnd };
}

/** `key: []` at the top level becomes `key:` (a null value, read as an empty list). */
function withoutEmptyFlowList(text: string, key: string): string {
  const docs = parseAllDocuments(text);
  for (const doc of Array.isArray(docs) ? docs : []) {
    if (!isMap(doc.contents)) continue;
    const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === key);
    const seq = pair?.value;
    if (!isSeq(seq) || !seq.flow || seq.items.length > 0 || !seq.range) continue;
    const [start, end] = seq.range;
    return text.slice(0, start).replace(/[ \t]+$/, '') + text.slice(end);
  }
  return text;
}

function unsupported(path: string, why: string): OpfError {
  return new OpfError('OPF_ERR_GITOPS_EDIT_UNSUPPORTED', `cannot edit ${path} in place: ${why}`);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}
function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end + 1;
}

/** A list item exactly as YAML would read it back (quoted only when it must be). */
export function scalarText(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function listValues(seq: YAMLSeq | undefined): unknown[] {
  return seq ? seq.items.map((item) => (isScalar(item) ? item.value : item)) : [];
}

/** The `- ` prefix of list items elsewhere in the file, so new lists match the file. */
function itemPrefix(text: string, doc: Document): string {
  let prefix: string | undefined;
  const visit = (node: unknown) => {
    if (prefix !== undefined) return;
    if (isSeq(node) && !node.flow && node.items.length > 0) {
      const start = (node.items[0] as Node).range?.[0];
      if (start !== undefined) {
        const candidate = text.slice(lineStart(text, start), start);
        if (/^ *- +$/.test(candidate)) prefix = candidate;
      }
    }
    if (isMap(node)) for (const pair of node.items) visit(pair.value);
  };
  visit(doc.contents);
  return prefix ?? '  - ';
}

/**
 * Add `value` to the list under top-level `key`. Sorted lists stay sorted; others grow at the
 * end. Returns the text unchanged when the value is already there.
 */
export function addListItem(path: string, text: string, key: string, value: string): string {
  // opf (as opfcli) writes an empty group as `users: []`: filling it starts a block list.
  const opened = withoutEmptyFlowList(text, key);
  if (opened !== text) return addListItem(path, opened, key, value);
  const { doc, seq, keyEnd } = locate(path, text, key);
  const before = listValues(seq);
  if (before.includes(value)) return text;
  let out: string;
  if (!seq) {
    const prefix = itemPrefix(text, doc);
    if (keyEnd === -1) {
      const base = text.endsWith('\n') || text === '' ? text : `${text}\n`;
      out = `${base}${key}:\n${prefix}${scalarText(value)}\n`;
    } else {
      const at = lineEnd(text, keyEnd);
      const head = text.slice(0, at);
      const keyLine = head.endsWith('\n') ? head : `${head}\n`;
      const keyIndent = /^ */.exec(text.slice(lineStart(text, keyEnd)))?.[0] ?? '';
      out = `${keyLine}${keyIndent}${prefix}${scalarText(value)}\n${text.slice(at)}`;
    }
  } else {
    const items = seq.items as Node[];
    const strings = before.map(String);
    const sorted = strings.every((s, i) => i === 0 || strings[i - 1]! <= s);
    const index = sorted ? strings.findIndex((s) => s > value) : -1;
    const anchor = items[index === -1 ? items.length - 1 : index]!;
    const start = anchor.range![0];
    const prefix = text.slice(lineStart(text, start), start);
    if (!/^ *- +$/.test(prefix))
      throw unsupported(path, `the items of "${key}" are not one per line`);
    const line = `${prefix}${scalarText(value)}\n`;
    if (index === -1) {
      const at = lineEnd(text, anchor.range![1]);
      const head = text.slice(0, at);
      out = `${head.endsWith('\n') ? head : `${head}\n`}${line}${text.slice(at)}`;
    } else {
      const at = lineStart(text, start);
      out = `${text.slice(0, at)}${line}${text.slice(at)}`;
    }
  }
  const expected = sortedInsert(before, value, seq);
  verify(path, out, key, expected);
  return out;
}

function sortedInsert(before: unknown[], value: string, seq: YAMLSeq | undefined): unknown[] {
  if (!seq) return [value];
  const strings = before.map(String);
  const sorted = strings.every((s, i) => i === 0 || strings[i - 1]! <= s);
  const index = sorted ? strings.findIndex((s) => s > value) : -1;
  const out = [...before];
  out.splice(index === -1 ? out.length : index, 0, value);
  return out;
}

/** Remove every item of the list under `key` for which `drop` holds. */
export function removeListItems(
  path: string,
  text: string,
  key: string,
  drop: (value: string) => boolean,
): string {
  const { seq } = locate(path, text, key);
  if (!seq) return text;
  const values = listValues(seq);
  let out = text;
  const items = seq.items as Node[];
  for (let i = items.length - 1; i >= 0; i--) {
    const value = values[i];
    if (typeof value !== 'string' || !drop(value)) continue;
    const range = items[i]!.range!;
    const start = lineStart(out, range[0]);
    if (!/^ *- +$/.test(out.slice(start, range[0])))
      throw unsupported(path, `the items of "${key}" are not one per line`);
    out = out.slice(0, start) + out.slice(lineEnd(out, range[1]));
  }
  if (out === text) return text;
  verify(
    path,
    out,
    key,
    values.filter((v) => typeof v !== 'string' || !drop(v)),
  );
  return out;
}

function verify(path: string, text: string, key: string, expected: unknown[]): void {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  const doc = list.find((d) => isMap(d.contents) && d.contents.has(key));
  const actual = doc && isMap(doc.contents) ? doc.contents.get(key) : undefined;
  const values = isSeq(actual) ? listValues(actual) : actual == null ? [] : [actual];
  if (list.some((d) => d.errors.length > 0) || !isDeepStrictEqual(values, expected))
    throw unsupported(path, `a line edit of "${key}" would not read back as intended`);
}

/**
 * Remove the items of a nested block list (e.g. spec.destinations) for which `drop` holds,
 * each item taking its whole lines with it.
 */
export function removeNestedItems(
  path: string,
  text: string,
  keys: string[],
  drop: (value: unknown) => boolean,
): string {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  const index = list.findIndex((d) => isSeq(d.getIn(keys, true)));
  const doc = list[index];
  const seq = doc?.getIn(keys, true);
  if (!doc || !isSeq(seq)) return text;
  if (seq.flow) throw unsupported(path, `"${keys.join('.')}" is a flow list ([...])`);
  const items = seq.items as Node[];
  const values = items.map((item) =>
    isScalar(item) ? item.value : (item as { toJSON(): unknown }).toJSON(),
  );
  let out = text;
  for (let i = items.length - 1; i >= 0; i--) {
    if (!drop(values[i])) continue;
    const range = items[i]!.range!;
    const start = lineStart(out, range[0]);
    if (!/^ *- +$/.test(out.slice(start, range[0])))
      throw unsupported(path, `the items of "${keys.join('.')}" do not start their lines`);
    const next = items[i + 1]?.range?.[0];
    const end =
      next !== undefined
        ? lineStart(out, next)
        : out[range[1] - 1] === '\n'
          ? range[1]
          : lineEnd(out, range[1]);
    out = out.slice(0, start) + out.slice(end);
  }
  if (out === text) return text;
  const after = parseAllDocuments(out);
  const check = (Array.isArray(after) ? after : [])[index];
  const kept = values.filter((v) => !drop(v));
  const now = check?.getIn(keys, true);
  const nowValues = isSeq(now)
    ? (now.toJSON() as unknown[])
    : now == null || (isScalar(now) && now.value === null)
      ? []
      : [now];
  if (!check || check.errors.length > 0 || !isDeepStrictEqual(nowValues, kept))
    throw unsupported(path, `a line edit of "${keys.join('.')}" would not read back as intended`);
  return out;
}

/**
 * Append a mapping to a nested block list (e.g. spec.destinations), written in the style of
 * the list's first item (its `- ` indentation), after the last item. Every other byte stays.
 */
export function appendNestedMap(
  path: string,
  text: string,
  keys: string[],
  item: Record<string, string>,
): string {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  const index = list.findIndex((d) => isSeq(d.getIn(keys, true)));
  const seq = list[index]?.getIn(keys, true);
  const where = keys.join('.');
  if (list.some((d) => d.errors.length > 0))
    throw new OpfError('OPF_ERR_GITOPS_YAML_INVALID', `${path} is not valid YAML; fix it first`);
  if (!isSeq(seq) || seq.items.length === 0)
    throw unsupported(path, `"${where}" is not a list with items to follow`);
  if (seq.flow) throw unsupported(path, `"${where}" is a flow list ([...])`);
  const items = seq.items as Node[];
  const first = items[0]!.range![0];
  const prefix = text.slice(lineStart(text, first), first);
  if (!/^ *- +$/.test(prefix))
    throw unsupported(path, `the items of "${where}" do not start their lines`);
  const indent = ' '.repeat(prefix.length);
  const lines = Object.entries(item)
    .map(([key, value], i) => `${i === 0 ? prefix : indent}${key}: ${scalarText(value)}\n`)
    .join('');
  const end = items[items.length - 1]!.range![1];
  const at = text[end - 1] === '\n' ? end : lineEnd(text, end);
  const head = text.slice(0, at);
  const out = `${head.endsWith('\n') ? head : `${head}\n`}${lines}${text.slice(at)}`;
  const expected = list[index]!.toJSON() as unknown;
  (getPath(expected, keys) as unknown[]).push(item);
  const after = parseAllDocuments(out);
  const check = (Array.isArray(after) ? after : [])[index];
  if (!check || check.errors.length > 0 || !isDeepStrictEqual(check.toJSON(), expected))
    throw unsupported(path, `a line edit of "${where}" would not read back as intended`);
  return out;
}

function getPath(value: unknown, keys: string[]): unknown {
  return keys.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], value);
}
