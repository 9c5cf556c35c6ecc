import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The suite runs `bin/opf.mjs serve`, which runs dist/: build it from the current sources. */
export default function setup(): void {
  const build = fileURLToPath(new URL('../../../scripts/build.mjs', import.meta.url));
  execFileSync(process.execPath, [build], { stdio: 'inherit' });
}
