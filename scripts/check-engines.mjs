#!/usr/bin/env node
// CI check: every installed package must accept the Node.js versions opf promises (its own
// `engines.node`, ">=20.19") — both the oldest of them and the one running this script. npm ci
// only warns (EBADENGINE) when a dependency wants a newer Node; this fails instead, so the
// README's "Node.js 20.19 or newer" stays true (docs/adr/0008-build.md).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

/** Every package.json under node_modules, nested node_modules and @scope folders included. */
export function* installedPackages(nodeModules) {
  if (!existsSync(nodeModules)) return;
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      yield* installedPackages(dir);
      continue;
    }
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) yield { dir, manifest: JSON.parse(readFileSync(manifest, 'utf8')) };
    yield* installedPackages(join(dir, 'node_modules'));
  }
}

/** The packages whose engines.node refuses one of `versions`, as readable lines. */
export function engineProblems(root, versions) {
  const problems = [];
  for (const { dir, manifest } of installedPackages(join(root, 'node_modules'))) {
    const wanted = manifest.engines?.node;
    if (typeof wanted !== 'string' || semver.validRange(wanted) === null) continue;
    const refused = versions.filter((version) => !semver.satisfies(version, wanted));
    if (refused.length > 0)
      problems.push(
        `${manifest.name}@${manifest.version} (${dir}) needs node ${wanted}, not ${refused.join(' or ')}`,
      );
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // The checkout this script is in, or another one (the tests give a made-up one).
  const root = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
  const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node;
  const versions = [...new Set([semver.minVersion(own).version, process.version.slice(1)])];
  const problems = engineProblems(root, versions);
  for (const line of problems) console.error(`engine: ${line}`);
  if (problems.length > 0) {
    console.error(
      `${problems.length} installed package(s) refuse a Node.js version opf supports (${own}): pin or override them in package.json`,
    );
    process.exit(1);
  }
  console.log(`engines: every installed package accepts node ${versions.join(' and ')}`);
}
