/**
 * How fast a broadcast sends: under the account's SES maximum send rate, with headroom for the
 * account's other mail (event-triggered journeys, transactional sends) and for the rate being per
 * second while batches start unevenly.
 */
export const SEND_RATE_HEADROOM = 0.8;

/**
 * What one batch sends a second, one recipient after another: an entry and a send are about
 * ten store operations and a provider call, some 60 to 100 ms.
 */
export const BATCH_RATE = 10;

/** Step Functions runs at most 10,000 child executions of a Distributed Map at once. */
const MAX_CONCURRENCY = 10_000;

export type BroadcastPace = {
  /** Batches delivered at once (the Distributed Map's MaxConcurrency). */
  readonly concurrency: number;
  /**
   * Messages a second each batch may start: together at most the headroom of the account's rate.
   * 0 when nothing limits the rate (UNPACED).
   */
  readonly ratePerSecond: number;
};

/**
 * The local platform's pace: its SES stand-in has no quota, and batches go one after another, so a
 * backtest enters the audience in the same order on every run.
 */
export const UNPACED: BroadcastPace = { concurrency: 1, ratePerSecond: 0 };

/** The pace for an account allowed `maxSendRate` messages a second (SES GetAccount). */
export function broadcastPace(maxSendRate: number): BroadcastPace {
  const rate = Math.max(maxSendRate * SEND_RATE_HEADROOM, 0.1);
  const concurrency = Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(rate / BATCH_RATE)));
  return { concurrency, ratePerSecond: rate / concurrency };
}
