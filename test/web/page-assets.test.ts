import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Manifest,
  manifestReader,
  pageAssetLinks,
} from '../../src/server/routes/page-assets.ts';

// The head links of a server-rendered page (src/server/routes/page-assets.ts): its lazy
// modules' stylesheets and code, through the chunks they import, from Vite's manifest.

const manifest: Manifest = {
  'src/start.tsx': {
    file: 'assets/start-1.js',
    css: ['assets/start-1.css'],
    imports: ['_Button-1.js'],
  },
  '_Button-1.js': { file: 'assets/Button-1.js', css: ['assets/Button-1.css'] },
  '_Table-1.js': {
    file: 'assets/Table-1.js',
    css: ['assets/Table-1.css'],
    imports: ['_Button-1.js'],
  },
  'src/features/projects/ProjectsPage.tsx': {
    file: 'assets/ProjectsPage-1.js',
    imports: ['src/start.tsx', '_Table-1.js'],
  },
  'src/features/meetings/MeetingPage.tsx': {
    file: 'assets/MeetingPage-1.js',
    css: ['assets/MeetingPage-1.css'],
    imports: ['_Table-1.js'],
  },
};
const shell = `<head><link rel="modulepreload" href="/assets/start-1.js"><link rel="stylesheet" href="/assets/start-1.css"><link rel="stylesheet" href="/assets/Button-1.css"><link rel="modulepreload" href="/assets/Button-1.js"></head>`;

describe('a rendered page’s head links', () => {
  it('names the stylesheets and code of the page’s modules the shell does not, each once', () => {
    const links = pageAssetLinks(
      manifest,
      ['src/features/projects/ProjectsPage.tsx', 'src/features/meetings/MeetingPage.tsx'],
      shell,
    ).split('\n    ');
    expect(links).toEqual([
      '<link rel="stylesheet" crossorigin href="/assets/Table-1.css">',
      '<link rel="stylesheet" crossorigin href="/assets/MeetingPage-1.css">',
      '<link rel="modulepreload" crossorigin href="/assets/Table-1.js">',
      '<link rel="modulepreload" crossorigin href="/assets/ProjectsPage-1.js">',
      '<link rel="modulepreload" crossorigin href="/assets/MeetingPage-1.js">',
    ]);
  });

  it('names nothing for a module the manifest does not know, or for none', () => {
    expect(pageAssetLinks(manifest, ['src/nope.tsx'], shell)).toBe('');
    expect(pageAssetLinks(manifest, [], shell)).toBe('');
  });

  it('reads the manifest again when the build rewrote it, and gives undefined without one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opf-manifest-'));
    try {
      const file = join(dir, 'manifest.json');
      const read = manifestReader(file);
      expect(read()).toBeUndefined();
      writeFileSync(file, JSON.stringify({ a: { file: 'assets/a-1.js' } }));
      expect(read()?.a?.file).toBe('assets/a-1.js');
      writeFileSync(file, JSON.stringify({ a: { file: 'assets/a-2.js' } }));
      utimesSync(file, new Date(), new Date(Date.now() + 5000));
      expect(read()?.a?.file).toBe('assets/a-2.js');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the portal’s routes', () => {
  it('each lazy page names the module it imports (the manifest key the server looks up)', () => {
    const source = readFileSync(new URL('../../web/src/app/App.tsx', import.meta.url), 'utf8');
    const lazy = source.match(/lazy: async/g) ?? [];
    const pairs = [
      ...source.matchAll(
        /handle: \{ module: '([^']+)' \},\s+lazy: async \(\) => \(\{\s+Component: \(await import\('([^']+)'\)\)/g,
      ),
    ];
    expect(pairs.length).toBeGreaterThan(10);
    expect(pairs).toHaveLength(lazy.length);
    for (const [, module, imported] of pairs) expect(module).toBe(join('src/app', imported!));
  });
});
