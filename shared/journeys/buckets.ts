import { createHash } from 'node:crypto';

/**
 * A customer's stable place (0 ≤ b < 100, to the hundredth) in one split or holdout: the same
 * customer always lands in the same variant of the same step, and two steps are independent.
 */
export function bucketOf(profileId: string, scenario: string, step: string): number {
  const value = createHash('sha256').update(`${profileId}\n${scenario}\n${step}`).digest().readUInt32BE(0);
  return Math.floor((value / 2 ** 32) * 10_000) / 100;
}
