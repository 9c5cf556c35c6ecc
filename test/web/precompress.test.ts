import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressFile, precompress } from '../../web/precompress.ts';
import { tempDir } from '../cli/helpers.ts';

let temp: ReturnType<typeof tempDir>;
beforeAll(() => {
  temp = tempDir('opf-precompress-');
});
afterAll(() => temp?.remove());

describe('precompressed assets (web/precompress.ts)', () => {
  it('writes a .br and a .gz that decompress to the file, both much smaller', () => {
    const path = join(temp.dir, 'index-Abc.js');
    const code = 'export const answer = () => 42;\n'.repeat(500);
    writeFileSync(path, code);
    compressFile(path);
    const br = readFileSync(`${path}.br`);
    const gz = readFileSync(`${path}.gz`);
    expect(brotliDecompressSync(br).toString()).toBe(code);
    expect(gunzipSync(gz).toString()).toBe(code);
    expect(br.length).toBeLessThan(code.length / 10);
    expect(gz.length).toBeLessThan(code.length / 10);
  });

  it('leaves tiny files alone: the headers would cost more than compression saves', () => {
    const path = join(temp.dir, 'favicon-Abc.svg');
    writeFileSync(path, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    compressFile(path);
    expect(existsSync(`${path}.br`)).toBe(false);
    expect(existsSync(`${path}.gz`)).toBe(false);
  });

  it('the build plugin compresses text assets under assets/ only, not fonts or index.html', () => {
    const files = {
      'assets/index-Def.css': '.opf-x { margin: 0; }\n'.repeat(200),
      'assets/font-Def.woff2': 'w'.repeat(4096),
      'index.html': `<!doctype html>${'<p>x</p>'.repeat(300)}`,
    };
    mkdirSync(join(temp.dir, 'out', 'assets'), { recursive: true });
    for (const [name, content] of Object.entries(files))
      writeFileSync(join(temp.dir, 'out', name), content);
    const plugin = precompress();
    const hook = plugin.writeBundle as (options: { dir: string }, bundle: object) => void;
    hook.call(
      {},
      { dir: join(temp.dir, 'out') },
      Object.fromEntries(Object.keys(files).map((n) => [n, {}])),
    );
    expect(existsSync(join(temp.dir, 'out', 'assets/index-Def.css.br'))).toBe(true);
    expect(existsSync(join(temp.dir, 'out', 'assets/index-Def.css.gz'))).toBe(true);
    expect(existsSync(join(temp.dir, 'out', 'assets/font-Def.woff2.br'))).toBe(false);
    expect(existsSync(join(temp.dir, 'out', 'index.html.br'))).toBe(false);
  });
});
