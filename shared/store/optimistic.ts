import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/**
 * Read-modify-write on one item without transactions: the write is conditioned on the version
 * that was read, and a conflicting writer makes us read again. Under a burst of concurrent
 * writers for one customer each attempt still makes progress for someone.
 */
export async function withOptimisticRetry<T>(attempt: () => Promise<T>, maxAttempts = 8): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isConditionFailure(error) || tries >= maxAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * tries));
    }
  }
}

export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof Error && error.name === 'ConditionalCheckFailedException')
  );
}
