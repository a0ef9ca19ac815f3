/** Items that expire carry this attribute (epoch seconds); DynamoDB TTL deletes them in AWS. */
export const EXPIRES_AT = 'expiresAt';

/**
 * Whether an item's time is up. DynamoDB deletes expired items within days and dynalite and the
 * in-memory store never do: readers treat an expired item as absent.
 */
export function isExpired(item: Record<string, unknown>, now: Date): boolean {
  const expiresAt = item[EXPIRES_AT];
  return typeof expiresAt === 'number' && expiresAt * 1000 <= now.getTime();
}

export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
