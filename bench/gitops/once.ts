import { importRepository, validateRepository } from '../../src/gitops/index.ts';

/**
 * One cold call in a fresh process (no parse cache yet): `import DIR` or `validate DIR CLUSTER`.
 * Prints {"ms": …, "findings": …} on stdout. Used by run.ts.
 */
const [what, dir, cluster] = process.argv.slice(2);
const t0 = performance.now();
if (what === 'import') {
  importRepository(dir!);
  console.log(JSON.stringify({ ms: performance.now() - t0 }));
} else {
  const findings = validateRepository(dir!, { cluster: cluster! });
  console.log(JSON.stringify({ ms: performance.now() - t0, findings: findings.length }));
}
