import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const DIST = fileURLToPath(new URL('../../dist/web', import.meta.url));

export interface BundleFile {
  name: string;
  bytes: number;
  gzipBytes: number;
  /** The .br the build wrote beside it (what chromium is sent), if any. */
  brotliBytes: number | undefined;
  /** Named by index.html, so every first visit fetches it before anything renders. */
  entry: boolean;
}

/** The built portal's JS and CSS files (dist/web/assets): raw, gzip and brotli sizes. */
export function bundleSizes(): BundleFile[] {
  const index = readFileSync(join(DIST, 'index.html'), 'utf8');
  const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : undefined);
  return readdirSync(join(DIST, 'assets'))
    .filter((name) => name.endsWith('.js') || name.endsWith('.css'))
    .map((name) => {
      const path = join(DIST, 'assets', name);
      const content = readFileSync(path);
      return {
        name,
        bytes: content.length,
        gzipBytes: sizeOf(`${path}.gz`) ?? gzipSync(content, { level: 9 }).length,
        brotliBytes: sizeOf(`${path}.br`),
        entry: index.includes(`/assets/${name}`),
      };
    })
    .sort((a, b) => Number(b.entry) - Number(a.entry) || b.bytes - a.bytes);
}

/** What a first visit is sent for one file: the .br, or the file itself when too small to
 *  compress (precompress.ts writes no .br under 1 KiB). */
export function sentBytes(file: BundleFile): number {
  return file.brotliBytes ?? file.bytes;
}

/** The entry's JS and CSS as sent with brotli: the figure issue 15 caps at 150 KiB. */
export function entryBrotliBytes(files: BundleFile[]): number {
  return files.filter((file) => file.entry).reduce((total, file) => total + sentBytes(file), 0);
}

export function formatBundle(files: BundleFile[]): string {
  const kib = (n: number | undefined) => (n === undefined ? '-' : `${(n / 1024).toFixed(1)} KiB`);
  const sum = (list: BundleFile[], key: 'bytes' | 'gzipBytes' | 'brotliBytes') =>
    list.reduce((total, file) => total + (key === 'brotliBytes' ? sentBytes(file) : file[key]), 0);
  const entry = files.filter((file) => file.entry);
  const line = (name: string, bytes?: number, gzip?: number, br?: number) =>
    `  ${name.padEnd(42)} ${kib(bytes).padStart(12)} ${kib(gzip).padStart(12)} ${kib(br).padStart(12)}`;
  return [
    `bundle: dist/web/assets, JS and CSS (* = named by index.html, fetched by every first visit)`,
    `  ${'file'.padEnd(42)} ${'raw'.padStart(12)} ${'gzip -9'.padStart(12)} ${'brotli'.padStart(12)}`,
    ...files.map((file) =>
      line(`${file.entry ? '*' : ' '} ${file.name}`, file.bytes, file.gzipBytes, file.brotliBytes),
    ),
    line(
      'entry (*) total',
      sum(entry, 'bytes'),
      sum(entry, 'gzipBytes'),
      sum(entry, 'brotliBytes'),
    ),
    line('all', sum(files, 'bytes'), sum(files, 'gzipBytes'), sum(files, 'brotliBytes')),
  ].join('\n');
}
