import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

const REPO = join(import.meta.dirname, '../..');
const RELATIVE = 'fixtures/operate-first-apps';

/**
 * The real operate-first/apps tree the GitOps tests read. It lives in the steering repo's
 * shared/ folder, beside this checkout (as CI lays it out), not in this repository (it is
 * GPL-3.0 data). Also found through OPF_SHARED_DIR, or beside the checkout this one was
 * cloned from (a clone in a temporary directory, as the fresh-clone check makes).
 */
function locate(): string | undefined {
  const candidates = [
    process.env.OPF_SHARED_DIR && join(process.env.OPF_SHARED_DIR, RELATIVE),
    join(REPO, '../shared', RELATIVE),
    originSibling(),
  ];
  return candidates.find(
    (dir): dir is string => typeof dir === 'string' && existsSync(join(dir, 'cluster-scope')),
  );
}

function originSibling(): string | undefined {
  try {
    const origin = execFileSync('git', ['-C', REPO, 'config', '--get', 'remote.origin.url'], {
      encoding: 'utf8',
    }).trim();
    return isAbsolute(origin) ? join(origin, '../shared', RELATIVE) : undefined;
  } catch {
    return undefined;
  }
}

export const FIXTURE_DIR: string | undefined = locate();

/** Why fixture tests are skipped when the fixture is not on this machine. */
export const NO_FIXTURE =
  'skipped: the operate-first-apps fixture (shared/fixtures, beside this checkout) is not on this machine; set OPF_SHARED_DIR to run these';
