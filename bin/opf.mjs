#!/usr/bin/env node
// The `opf` command runs the compiled CLI in dist/cli, which `npm ci` builds (the `prepare`
// script; docs/adr/0008-build.md). OPF_DEV=1 runs the TypeScript sources through tsx
// instead, for a developer who edits src/ and does not want to run `npm run build` each time.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/opf.js', import.meta.url);
let main;
if (process.env.OPF_DEV === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
} else if (existsSync(compiled)) {
  ({ main } = await import(compiled.href));
} else {
  process.stderr.write(
    'opf: the compiled CLI (dist/cli) is missing: run `npm run build` (npm ci runs it), or set OPF_DEV=1 to run the sources\n',
  );
  process.exit(70);
}
process.exitCode = await main(process.argv.slice(2));
