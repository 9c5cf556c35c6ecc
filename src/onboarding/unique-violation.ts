import { OpfError } from '../core/index.ts';

/**
 * Two submissions racing for one namespace or project both pass the read-time checks; the
 * database's unique keys let one win. Turn the loser's violation into the same error the
 * checks would have given.
 */
export async function translateUniqueViolation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const pgError = error as {
      code?: string;
      constraint?: string;
      table?: string;
      detail?: string;
    };
    if (pgError?.code !== '23505') throw error;
    const detail = pgError.detail ?? '';
    if (
      detail.includes('(name)') &&
      (pgError.table === 'namespace_claims' || detail.includes('namespace'))
    )
      throw new OpfError(
        'OPF_ERR_NAMESPACE_TAKEN',
        `a namespace of this request was just claimed by another request: ${detail}`,
      );
    throw new OpfError(
      'OPF_ERR_VERSION_CONFLICT',
      'someone else changed the same data at the same moment; try again',
    );
  }
}
