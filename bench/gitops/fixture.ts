import { execFileSync, spawn } from 'node:child_process';
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

/** `kubectl kustomize` of one overlay, once, killed after `timeoutS` (then `stopped`). */
export function runKustomize(
  dir: string,
  overlay: string,
  outFile: string,
  timeoutS: number,
): Promise<{ ms: number; stopped: boolean }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('kubectl', ['kustomize', overlay, '-o', outFile], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - t0;
      if (signal) resolve({ ms, stopped: true });
      else if (code !== 0) reject(new Error(`kubectl kustomize failed (${code}): ${stderr}`));
      else resolve({ ms, stopped: false });
    });
  });
}
