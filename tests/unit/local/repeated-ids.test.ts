import { describe, expect, it } from 'vitest';
import { repeatedIds } from '../../../local/simulate/input/repeated-ids.ts';

/** Events as the check reads them: [id, time (ms), customer]; the hash is the customer's number. */
function columns(events: ReadonlyArray<readonly [string, number, number]>) {
  return {
    ids: events.map(([id]) => id),
    times: events.map(([, at]) => at),
    customers: events.map(([, , customer]) => customer),
  };
}

describe('repeated event ids', () => {
  it("finds an id its customer's event has at another time, by both positions, the later one second", async () => {
    // Prepare
    const events = columns([
      ['evt-b', 5, 1],
      ['evt-a', 9, 1],
      ['evt-a', 2, 1],
    ]);

    // Act
    const found = await repeatedIds(
      events,
      () => true,
      () => false,
    );

    // Assess
    expect(found).toEqual([{ first: 1, other: 2 }]);
  });

  it('takes the same event at the same time as a redelivery, and one id of two customers as two events', async () => {
    // Prepare
    const events = columns([
      ['evt-a', 2, 1],
      ['evt-a', 2, 1],
      ['evt-a', 7, 2],
    ]);

    // Act
    const found = await repeatedIds(
      events,
      () => {
        throw new Error('the customers of one event twice, or of other hashes, need no reading');
      },
      () => true,
    );

    // Assess
    expect(found).toEqual([]);
  });

  it("tells apart two customers whose hashes collide, and still finds each one's repeat", async () => {
    // Prepare: one hash, customers by position: 0 and 2 are ana's, 1 and 3 ben's
    const events = columns([
      ['evt-a', 1, 7],
      ['evt-a', 2, 7],
      ['evt-a', 3, 7],
      ['evt-a', 4, 7],
    ]);
    const owner = ['ana', 'ben', 'ana', 'ben'];

    // Act
    const found = await repeatedIds(
      events,
      async (a, b) => owner[a] === owner[b],
      () => false,
    );

    // Assess
    expect(found).toEqual([
      { first: 0, other: 2 },
      { first: 1, other: 3 },
    ]);
  });

  it('finds another event of the customer under the id at the same time, which ingest would drop as a redelivery', async () => {
    // Prepare: a cart, then an opt-out written with the cart's id and time; the cart's line again
    const events = columns([
      ['evt-a', 2, 1],
      ['evt-a', 2, 1],
      ['evt-a', 2, 1],
    ]);
    const lines = ['cart', 'opt-out', 'cart'];

    // Act
    const found = await repeatedIds(
      events,
      () => true,
      (a, b) => lines[a] === lines[b],
    );

    // Assess
    expect(found).toEqual([{ first: 0, other: 1 }]);
  });
});
