import { describe, expect, it } from 'vitest';
import { putEventsBatches } from '../../../cli/input/put-events-batches.ts';
import { entrySize } from '../../../shared/events/put-events-entry.ts';

const entry = (detailBytes: number) => ({
  Source: 'shop',
  DetailType: 'page.viewed',
  Detail: JSON.stringify({ profileId: 'p-1', blob: 'x'.repeat(detailBytes) }),
});

describe("send-event's requests, as EventBridge counts them", () => {
  it('counts an entry as AWS does: 14 bytes for a Time, UTF-8 bytes for the rest', () => {
    // Act
    const size = entrySize({
      Source: 'shop',
      DetailType: 'é',
      Detail: '{}',
      Resources: ['r1'],
      Time: new Date(),
    });

    // Assess: 4 + 2 (é in UTF-8) + 2 + 2 + 14
    expect(size).toBe(24);
  });

  it('splits by ten entries and by 256 KB, and sets apart an entry no request can carry', () => {
    // Prepare: three of 100 KB (two fit a request), one of 300 KB, then twelve small ones.
    const entries = [
      entry(100 * 1024),
      entry(100 * 1024),
      entry(100 * 1024),
      entry(300 * 1024),
      ...Array.from({ length: 12 }, () => entry(10)),
    ];

    // Act
    const { batches, oversized } = putEventsBatches(entries);

    // Assess
    expect(batches.map((batch) => batch.map(({ number }) => number))).toEqual([
      [1, 2],
      [3, 5, 6, 7, 8, 9, 10, 11, 12, 13],
      [14, 15, 16],
    ]);
    expect(oversized.map(({ number }) => number)).toEqual([4]);
  });
});
