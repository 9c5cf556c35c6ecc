import { posix } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseSimpleYaml } from './fast-yaml.ts';
import { KUSTOMIZATION_NAMES } from './layout.ts';
import type { RepoFs } from './repo-fs.ts';

export interface YamlFile {
  path: string;
  /** The non-empty documents, as plain values. */
  docs: unknown[];
  /** The first parse error, when the file is not valid YAML. */
  error?: string;
}

export type YamlObject = Record<string, unknown>;

export function isObject(value: unknown): value is YamlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Read a YAML file of one or more documents; undefined when it does not exist. */
export function readYaml(fs: RepoFs, path: string): YamlFile | undefined {
  const text = fs.readText(path);
  if (text === undefined) return undefined;
  return parseYamlText(path, text);
}

/** The first syntax error of a YAML text, without building its values. */
export function yamlError(text: string): string | undefined {
  const cached = errorCache.get(text);
  if (cached !== undefined) return cached === '' ? undefined : cached;
  const error = computeYamlError(text);
  remember(errorCache, text, error ?? '');
  return error;
}

/** yamlError, answered from an earlier parse of the same file when there was one (import's). */
export function yamlErrorOf(path: string, text: string): string | undefined {
  const parsed = fileCache.get(path);
  return parsed?.text === text ? parsed.file.error : yamlError(text);
}

function computeYamlError(text: string): string | undefined {
  if (parseSimpleYaml(text) !== undefined) return undefined;
  const parsed = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(parsed) ? parsed : [];
  const first = list.flatMap((doc) => doc.errors)[0];
  return first ? (first.message.split('\n')[0] ?? 'invalid') : undefined;
}

export function parseYamlText(path: string, text: string): YamlFile {
  // Keyed by path, then checked against the text: a key holding the whole text cost a string
  // concatenation and a hash of every file's text per lookup.
  const cached = fileCache.get(path);
  if (cached?.text === text) return cached.file;
  const file = computeYamlFile(path, text);
  remember(fileCache, path, { text, file }, text.length);
  return file;
}

/** A file read as YAML: by its extension, or a kustomization by any of its names. */
export function isYamlFile(path: string): boolean {
  return /\.ya?ml$/.test(path) || KUSTOMIZATION_NAMES.includes(posix.basename(path));
}

/**
 * A file parsed ahead of need, as it is read (readTreeFsInParallel): import and validation
 * then find it in the parse cache. Only what the fast reader reads: a file it gives up on
 * (a large manifest, say) is left to whoever asks for it, since the `yaml` package's values
 * cost far more than a command that never asks (inventory reads few such files) would pay.
 */
export function parseAhead(path: string, text: string): void {
  if (!isYamlFile(path)) return;
  if (fileCache.get(path)?.text === text) return;
  // A full cache is emptied by the next entry: parsing ahead would throw away its own work.
  const chars = (cacheChars.get(fileCache) ?? 0) + path.length + text.length;
  if (fileCache.size + 1 >= CACHE_LIMIT || chars > CACHE_CHARS) return;
  let file: YamlFile | undefined;
  try {
    file = simpleYamlFile(path, text);
  } catch {
    return; // the parse on demand meets the same error where it always did
  }
  if (file) remember(fileCache, path, { text, file }, text.length);
}

/**
 * Parsing is most of the cost of import and validate, and judging a change validates the
 * repository twice (before and after): unchanged files are parsed once. Results are shared,
 * so callers never mutate them; the caches are bounded.
 */
const CACHE_LIMIT = 50_000;
/** Entries hold whole file texts: bound the characters kept too, not only the entries. */
const CACHE_CHARS = 64 * 1024 * 1024;
const fileCache = new Map<string, { text: string; file: YamlFile }>();
const errorCache = new Map<string, string>();
const cacheChars = new Map<Map<string, unknown>, number>();

function remember<V>(cache: Map<string, V>, key: string, value: V, textChars = 0): void {
  const size = key.length + textChars;
  const chars = (cacheChars.get(cache) ?? 0) + size;
  if (cache.size >= CACHE_LIMIT || chars > CACHE_CHARS) {
    cache.clear();
    cacheChars.set(cache, size);
  } else cacheChars.set(cache, chars);
  cache.set(key, value);
}

function simpleYamlFile(path: string, text: string): YamlFile | undefined {
  const simple = parseSimpleYaml(text);
  return simple === undefined ? undefined : { path, docs: simple.filter((v) => v != null) };
}

function computeYamlFile(path: string, text: string): YamlFile {
  const simple = simpleYamlFile(path, text);
  if (simple) return simple;
  const parsed = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(parsed) ? parsed : [];
  const firstError = list.flatMap((doc) => doc.errors)[0];
  if (firstError) return { path, docs: [], error: firstError.message.split('\n')[0] ?? 'invalid' };
  const docs = list.map((doc) => doc.toJS({ maxAliasCount: 100 })).filter((v) => v != null);
  return { path, docs };
}

/** The first document of a given kind. */
export function findKind(file: YamlFile | undefined, kind: string): YamlObject | undefined {
  return file?.docs.find((doc): doc is YamlObject => isObject(doc) && doc.kind === kind);
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(value))
    for (const [k, v] of Object.entries(value)) if (v != null) out[k] = String(v);
  return out;
}

export interface Kustomization {
  /** The kustomization file itself. */
  path: string;
  dir: string;
  kind: string;
  namespace?: string;
  resources: string[];
  components: string[];
  /** Other entries that name local files or directories (bases, patches, generators...). */
  fileRefs: { field: string; ref: string }[];
  data: YamlObject;
  error?: string;
}

const FILE_FIELDS = [
  'bases',
  'patchesStrategicMerge',
  'generators',
  'transformers',
  'crds',
  'configurations',
];

export function findKustomizationFile(fs: RepoFs, dir: string): string | undefined {
  for (const name of KUSTOMIZATION_NAMES) {
    const path = dir === '' ? name : `${dir}/${name}`;
    if (fs.kind(path) === 'file') return path;
  }
  return undefined;
}

export function readKustomization(fs: RepoFs, dir: string): Kustomization | undefined {
  const path = findKustomizationFile(fs, dir);
  if (!path) return undefined;
  return parseKustomization(readYaml(fs, path)!);
}

/**
 * One Kustomization per parsed file: import, validation and the cluster walks all read the
 * same kustomizations (the parse cache shares the YamlFile). Shared, so never mutated.
 */
const kustomizations = new WeakMap<YamlFile, Kustomization>();

export function parseKustomization(file: YamlFile): Kustomization {
  let k = kustomizations.get(file);
  if (!k) {
    k = buildKustomization(file);
    kustomizations.set(file, k);
  }
  return k;
}

function buildKustomization(file: YamlFile): Kustomization {
  const dir = posix.dirname(file.path);
  const data = file.docs.find(isObject) ?? {};
  const fileRefs: { field: string; ref: string }[] = [];
  for (const field of FILE_FIELDS)
    for (const ref of stringList(data[field])) fileRefs.push({ field, ref });
  for (const patch of Array.isArray(data.patches) ? data.patches : [])
    if (isObject(patch) && typeof patch.path === 'string')
      fileRefs.push({ field: 'patches', ref: patch.path });
  return {
    path: file.path,
    dir,
    kind: typeof data.kind === 'string' ? data.kind : 'Kustomization',
    ...(typeof data.namespace === 'string' && { namespace: data.namespace }),
    resources: stringList(data.resources),
    components: stringList(data.components),
    fileRefs,
    data,
    ...(file.error !== undefined && { error: file.error }),
  };
}
