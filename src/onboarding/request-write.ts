import { OpfError, type RequestView } from '../core/index.ts';
import {
  findRequest,
  type RequestChange,
  type Tx,
  updateRequestIfVersion,
} from '../store/index.ts';

/** The request to change, refused (409) when the caller saw an older version. */
export async function loadForChange(
  tx: Tx,
  id: number,
  expectedVersion: number | undefined,
): Promise<RequestView> {
  const request = await findRequest({ tx }, id);
  if (!request) throw new OpfError('OPF_ERR_NOT_FOUND', `request ${id} does not exist`);
  if (expectedVersion !== undefined && expectedVersion !== request.version)
    throw versionConflict(id, request.version);
  return request;
}

/** Write the change onto the version read; someone else's change in between is a 409. */
export async function writeChange(
  tx: Tx,
  before: RequestView,
  change: RequestChange,
): Promise<RequestView> {
  const after = await updateRequestIfVersion({ tx }, before.id, before.version, change);
  if (!after) {
    const current = await findRequest({ tx }, before.id);
    throw versionConflict(before.id, current?.version ?? before.version + 1);
  }
  return after;
}

export function versionConflict(id: number, current: number): OpfError {
  return new OpfError(
    'OPF_ERR_VERSION_CONFLICT',
    `request ${id} was changed by someone else (now at version ${current}); reload it and decide again`,
  );
}
