import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * kubectl's kustomize (v5) refuses two parts of the fixture's moc/smaug overlay, neither of
 * which holds a Namespace, ResourceQuota or RoleBinding (what the equivalence check compares):
 * the ksops generators (an exec plugin decrypting SOPS files: external plugins are disabled and
 * the key is not ours; they make Secrets in openshift-monitoring), and `secret-mgmt`
 * (ExternalSecrets and SecretStores whose kustomizations list `patches:` as plain file names,
 * the pre-v5 form). Drop those entries in the copy kustomize reads; opf reads the fixture as is.
 */
export function kustomizableFixture(dir: string, overlay: string): string[] {
  const removed: string[] = [];
  const edit = (rel: string, pattern: RegExp, what: string) => {
    const path = join(dir, rel);
    const text = readFileSync(path, 'utf8');
    const stripped = text.replace(pattern, '');
    if (stripped !== text) {
      writeFileSync(path, stripped);
      removed.push(`${what} (${rel})`);
    }
  };
  for (const rel of execFileSync(
    'grep',
    ['-rl', '--include=kustomization.yaml', '^generators:', 'cluster-scope'],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter(Boolean))
    edit(rel, /^generators:\n(?:[ \t]*- .*\n)+/m, 'the ksops generator, SOPS-encrypted Secrets');
  edit(
    `${overlay}/kustomization.yaml`,
    /^[ \t]*- secret-mgmt\n/m,
    'secret-mgmt, ExternalSecrets with pre-v5 `patches:`',
  );
  return removed;
}

export function kubectlVersion(): string {
  try {
    const out = execFileSync('kubectl', ['version', '--client', '-o', 'json'], {
      encoding: 'utf8',
    });
    const v = JSON.parse(out) as {
      clientVersion?: { gitVersion?: string };
      kustomizeVersion?: string;
    };
    return `${v.clientVersion?.gitVersion ?? '?'} (kustomize ${v.kustomizeVersion ?? '?'})`;
  } catch {
    return 'unknown';
  }
}
