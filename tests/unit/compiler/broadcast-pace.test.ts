import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BATCH_RATE, broadcastPace, SEND_RATE_HEADROOM } from '../../../shared/broadcasts/pace.ts';

describe('a broadcast’s pace', () => {
  it('stays under the headroom of the account’s send rate, with as many batches as that rate keeps busy', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100_000, noNaN: true }), (maxSendRate) => {
        const { concurrency, ratePerSecond } = broadcastPace(maxSendRate);
        expect(Number.isInteger(concurrency)).toBe(true);
        expect(concurrency).toBeGreaterThanOrEqual(1);
        expect(concurrency).toBeLessThanOrEqual(10_000);
        // Together, never faster than the headroom (nor a tenth of a message a second at least).
        expect(concurrency * ratePerSecond).toBeLessThanOrEqual(
          Math.max(maxSendRate * SEND_RATE_HEADROOM, 0.1) + 1e-9,
        );
        // A batch is never asked for more than one sequential batch can send, unless there is one.
        if (concurrency > 1) expect(ratePerSecond).toBeLessThanOrEqual(2 * BATCH_RATE);
      }),
    );
  });

  it('gives the sandbox’s 1 a second to one batch, and a 500-a-second account forty', () => {
    expect(broadcastPace(1)).toEqual({ concurrency: 1, ratePerSecond: 0.8 });
    expect(broadcastPace(500)).toEqual({ concurrency: 40, ratePerSecond: 10 });
  });
});
