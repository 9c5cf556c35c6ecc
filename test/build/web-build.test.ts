import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWebIfStale } from '../../web/build.ts';

const roots: string[] = [];

/** The stand-in build: the browser's portal and the server's module (docs/adr/0035). */
function writeBuilt(at: string): void {
  mkdirSync(join(at, 'dist/web'), { recursive: true });
  writeFileSync(join(at, 'dist/web/index.html'), '<built>');
  mkdirSync(join(at, 'dist/web-server'), { recursive: true });
  writeFileSync(join(at, 'dist/web-server/entry-server.js'), 'export {};\n');
}

/** A checkout with the portal's sources; the stand-in build is writeBuilt. */
function checkout(): { root: string; write: (path: string, text: string) => void } {
  const root = mkdtempSync(join(tmpdir(), 'opf-web-build-'));
  roots.push(root);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('web/src/main.tsx', 'export const page = 1;\n');
  write('web/index.html', '<!doctype html>\n');
  write('web/vite.config.ts', 'export default {};\n');
  write('src/core/request.ts', 'export const schema = 1;\n');
  write('package-lock.json', '{}\n');
  return { root, write };
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('npm start builds the web portal only when its sources changed (web/build.ts)', () => {
  it('builds once, then not again for the same sources, even with newer modification times', () => {
    const { root } = checkout();
    const builds: string[] = [];
    const build = (at: string) => {
      builds.push(at);
      writeBuilt(at);
    };
    expect(buildWebIfStale({ root, build })).toBe(true);
    expect(buildWebIfStale({ root, build })).toBe(false);
    // A checkout or a save without a change: newer times, same contents.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'web/src/main.tsx'), later, later);
    utimesSync(join(root, 'src/core/request.ts'), later, later);
    expect(buildWebIfStale({ root, build })).toBe(false);
    expect(builds).toEqual([root]);
  });

  it('builds again when a source, a new file, the build configuration or the lock changes', () => {
    const { root, write } = checkout();
    let builds = 0;
    const build = (at: string) => {
      builds += 1;
      writeBuilt(at);
    };
    buildWebIfStale({ root, build });
    for (const [path, text] of [
      ['web/src/main.tsx', 'export const page = 2;\n'],
      ['web/src/new-page.tsx', 'export {};\n'],
      ['src/core/request.ts', 'export const schema = 2;\n'],
      ['web/vite.config.ts', 'export default { base: "/x" };\n'],
      ['package-lock.json', '{"lockfileVersion":3}\n'],
    ] as const) {
      write(path, text);
      expect(buildWebIfStale({ root, build }), path).toBe(true);
      expect(buildWebIfStale({ root, build }), path).toBe(false);
    }
    expect(builds).toBe(6);
  });

  it('builds when the output is gone, though the stamp is there', () => {
    const { root } = checkout();
    let builds = 0;
    const build = (at: string) => {
      builds += 1;
      writeBuilt(at);
    };
    buildWebIfStale({ root, build });
    rmSync(join(root, 'dist/web/index.html'));
    expect(buildWebIfStale({ root, build })).toBe(true);
    expect(builds).toBe(2);
    // The server's module is part of the build too.
    rmSync(join(root, 'dist/web-server/entry-server.js'));
    expect(buildWebIfStale({ root, build })).toBe(true);
    expect(builds).toBe(3);
  });

  it('waits while another process builds, and does not build again what it built', () => {
    const { root } = checkout();
    const build = (at: string) => {
      writeBuilt(at);
    };
    // The first build, to learn the stamp another process would write for these sources.
    buildWebIfStale({ root, build });
    rmSync(join(root, 'dist/web/index.html'));
    // Another process holds the lock, finishes the build, then lets go (in 0.5 s).
    const lock = join(root, 'dist/.web-build.lock');
    mkdirSync(lock);
    spawn(
      'sh',
      ['-c', 'sleep 0.5; echo "<built>" > dist/web/index.html; rmdir dist/.web-build.lock'],
      { cwd: root, stdio: 'ignore' },
    );
    let built = false;
    expect(buildWebIfStale({ root, build: () => (built = true) })).toBe(false);
    expect(built).toBe(false);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock left by a killed build', () => {
    const { root } = checkout();
    const lock = join(root, 'dist/.web-build.lock');
    mkdirSync(lock, { recursive: true });
    const old = new Date(Date.now() - 11 * 60_000);
    utimesSync(lock, old, old);
    let builds = 0;
    const build = (at: string) => {
      builds += 1;
      writeBuilt(at);
    };
    expect(buildWebIfStale({ root, build })).toBe(true);
    expect(builds).toBe(1);
    expect(existsSync(lock)).toBe(false);
  });
});
