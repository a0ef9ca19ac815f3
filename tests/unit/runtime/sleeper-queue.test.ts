import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Sleeper, SleeperQueue } from '../../../local/runtime/sleeper-queue.ts';

const sleeper = (at: number, sequence: number): Sleeper => ({
  at,
  sequence,
  wake: () => undefined,
  cancelled: false,
});

describe('the sleeper queue of virtual time', () => {
  it('gives sleepers back by time, then in the order they went to sleep, skipping cancelled ones', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 20 }), cancel: fc.boolean() }), {
          maxLength: 200,
        }),
        (plans) => {
          // Prepare
          const queue = new SleeperQueue();
          const sleepers = plans.map((plan, sequence) => ({ plan, sleeper: sleeper(plan.at, sequence) }));
          for (const { sleeper: each } of sleepers) queue.push(each);
          for (const { plan, sleeper: each } of sleepers) if (plan.cancel) queue.cancel(each);

          // Act
          const woken: Sleeper[] = [];
          for (let next = queue.pop(); next !== undefined; next = queue.pop()) woken.push(next);

          // Assess
          const expected = sleepers
            .filter(({ plan }) => !plan.cancel)
            .map(({ sleeper: each }) => each)
            .sort((a, b) => a.at - b.at || a.sequence - b.sequence);
          expect(woken).toEqual(expected);
          expect(queue.size).toBe(0);
        },
      ),
    );
  });

  it('counts only live sleepers and peeks without taking', () => {
    // Prepare
    const queue = new SleeperQueue();
    const [early, late] = [sleeper(1, 0), sleeper(2, 1)];
    queue.push(late);
    queue.push(early);

    // Act
    queue.cancel(early);
    queue.cancel(early);

    // Assess
    expect(queue.size).toBe(1);
    expect(queue.peek()).toBe(late);
    expect(queue.size).toBe(1);
    expect(queue.pop()).toBe(late);
    expect(queue.pop()).toBeUndefined();
  });
});
