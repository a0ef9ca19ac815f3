/**
 * Where a broadcast's files go in the stack's audience bucket: the audience function writes each
 * wave under `audiences/`, the Distributed Map writes its results under `results/`, and the stack
 * grants and expires each folder by these very prefixes.
 */
export const BROADCAST_PREFIXES = { audiences: 'audiences/', results: 'results/' } as const;
