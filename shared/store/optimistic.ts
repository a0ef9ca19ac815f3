import { ERROR_NAMES } from '../../language/error-names.ts';

/** What an attempt answers when its conditional write lost to another writer. */
export const CONFLICT: unique symbol = Symbol('write conflict');

/**
 * Read-modify-write on one item without transactions: the write is conditioned on the version
 * that was read, and a conflicting writer (the attempt answers CONFLICT) makes us read again.
 * Under a burst of concurrent writers for one customer each attempt still makes progress for
 * someone.
 */
export async function withOptimisticRetry<T>(
  attempt: () => Promise<T | typeof CONFLICT>,
  maxAttempts = 8,
): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    const outcome = await attempt();
    if (outcome !== CONFLICT) return outcome;
    if (tries >= maxAttempts) throw new WriteConflictError(tries);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * tries));
  }
}

/** Every attempt lost to another writer: retried by the caller's retry, as any store error is. */
export class WriteConflictError extends Error {
  override readonly name = ERROR_NAMES.writeConflict;
  constructor(attempts: number) {
    super(`the item changed under each of ${attempts} attempts to write it`);
  }
}
