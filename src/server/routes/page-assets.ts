import { readFileSync, statSync } from 'node:fs';

/** An entry of Vite's build manifest (dist/web/.vite/manifest.json). */
interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

/**
 * The head links a server-rendered page needs beyond the shell's: the stylesheets of its lazy
 * modules (and of the chunks they import), render-blocking so the server's HTML is painted with
 * its own styles (they came only with the page's code before, after the first paint), and that
 * code preloaded, so hydration does not wait for it. Files the shell names already are left out.
 */
export function pageAssetLinks(
  manifest: Manifest,
  modules: readonly string[],
  shell: string,
): string {
  const code: string[] = [];
  const sheets: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) return;
    for (const imported of chunk.imports ?? []) visit(imported);
    code.push(chunk.file);
    sheets.push(...(chunk.css ?? []));
  };
  for (const module of modules) visit(module);
  const named = (file: string) => shell.includes(`"/${file}"`);
  return [
    ...[...new Set(sheets)]
      .filter((file) => !named(file))
      .map((file) => `<link rel="stylesheet" crossorigin href="/${file}">`),
    ...code
      .filter((file) => !named(file))
      .map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`),
  ].join('\n    ');
}

/** A JSON file the build writes, read again when the build changed it; undefined without one. */
export function builtJsonReader<T>(file: string): () => T | undefined {
  let cached: { mtimeMs: number; value: T } | undefined;
  return () => {
    try {
      const { mtimeMs } = statSync(file);
      if (cached?.mtimeMs !== mtimeMs)
        cached = { mtimeMs, value: JSON.parse(readFileSync(file, 'utf8')) as T };
      return cached.value;
    } catch {
      return undefined;
    }
  };
}

/** The manifest, read again when the build changed it; undefined without one. */
export function manifestReader(file: string): () => Manifest | undefined {
  return builtJsonReader<Manifest>(file);
}
