import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventEnvelope } from '../../../shared/events/envelope.ts';
import { recordEvent } from '../../../shared/events/event-store.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { rejectedOn } from '../../../shared/ingest/rejected-store.ts';
import { loadCustomer } from '../../../shared/profiles/store.ts';
import { appEvent, freshProfileId, TRUSTED_APP } from '../../helpers/ingest-fixtures.ts';
import { useIngestHarness } from '../../helpers/ingest-harness.ts';

const NOW = '2026-11-21T12:00:00Z';
const TODAY = NOW.slice(0, 10);

/** Nested `depth` levels deep: `{ a: { a: … 1 } }`. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

/** What an app or an attacker can put in a detail field: each is valid JSON. */
const hostileValueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(2 ** 53 + 2, -(2 ** 60), 1e300, -1e308, 1e-200, 5e-324, 0.1, -0, 2 ** 53 - 1),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}')),
  fc.constant(JSON.parse('{"constructor":{"prototype":{"polluted":true}}}')),
  fc.constant({ '': 'empty key' }),
  fc.integer({ min: 20, max: 45 }).map(nested),
  fc.integer({ min: 1_000, max: 6_000 }).map((length) => 'x'.repeat(length)),
  fc.constant('x'.repeat(250 * 1024)),
  fc.constant('x'.repeat(270 * 1024)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.record({ productId: fc.string({ minLength: 300, maxLength: 800 }), price: fc.double() }), {
    maxLength: 200,
  }),
  fc.jsonValue({ maxDepth: 4 }),
);

const hostileEventArb = fc
  .record({
    detailType: fc.constantFrom(
      'cart.updated',
      'order.placed',
      'profile.updated',
      'subscription.changed',
      'page.viewed',
    ),
    source: fc.constantFrom(TRUSTED_APP, 'shop', 'random-app'),
    field: fc.constantFrom('cartId', 'total', 'items', 'email', 'traits', 'status', 'payload', '__proto__'),
    value: hostileValueArb,
    longProfileId: fc.boolean(),
  })
  .map(({ detailType, source, field, value, longProfileId }) => {
    const profileId = longProfileId ? `p-${'é'.repeat(190)}` : freshProfileId();
    const event = appEvent(profileId, detailType, '2026-11-21T11:00:00Z', {}, source);
    // Assigned with defineProperty so that a "__proto__" field is an own field, as JSON.parse makes it.
    Object.defineProperty(event.detail, field, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return event;
  });

describe('ingest of hostile events', () => {
  const harness = useIngestHarness(NOW);

  it('ends every event processed or kept as rejected with a reason naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileEventArb, { minLength: 1, maxLength: 4 }), async (events) => {
        // Act
        const report = await ingestEvents(events, harness.deps);

        // Assess
        expect(report.failed).toEqual([]);
        const rejected = new Map(report.rejected.map((item) => [item.eventId, item]));
        const kept = new Set((await rejectedOn(harness.dynamo.store, TODAY)).map(({ eventId }) => eventId));
        for (const event of events) {
          const rejection = rejected.get(event.id);
          if (rejection !== undefined) {
            expect(kept.has(event.id)).toBe(true);
            expect(rejection.reason).toMatch(/^(detail|source|time|id)\b|could not be stored/);
          } else {
            // A processed event is a duplicate to any later delivery.
            expect(
              (await recordEvent(harness.dynamo.store, EventEnvelope.parse(event), harness.deps.clock.now()))
                .recording,
            ).toBe('processed');
          }
        }
        expect(report.accepted + report.duplicates + report.rejected.length).toBe(events.length);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it.each([
    ['a number beyond 2^53', { total: 2 ** 53 + 2 }, /^detail\.total: 9007199254740994 is beyond ±2\^53/],
    [
      'a __proto__ key',
      JSON.parse('{"items":[{"__proto__":{"admin":true}}]}'),
      /^detail\.items\[0\]\.__proto__: /,
    ],
    [
      'a __proto__ key of the detail itself',
      JSON.parse('{"__proto__":{"admin":true}}'),
      /^detail\.__proto__: /,
    ],
    ['nesting DynamoDB cannot store', { deep: nested(40) }, /^detail\.deep(\.a)+: nested deeper than/],
    [
      'nesting ten thousand levels deep',
      { deep: nested(10_000) },
      /^detail\.deep(\.a){29}: nested deeper than 31 levels/,
    ],
    ['a detail over 256 KB', { blob: 'x'.repeat(257 * 1024) }, /^detail: 258 KB is over the 256 KB/],
    ['a key that is empty', { map: { '': 1 } }, /^detail\.map: a key is empty/],
    [
      'half of a character, which DynamoDB stores as another',
      { cartId: 'cart-\uD800' },
      /^detail\.cartId: holds half of a character \(a lone UTF-16 surrogate\)/,
    ],
    [
      'half of a character in a key',
      { map: { 'x\uDC00': 1 } },
      /^detail\.map\.x\uDC00: holds half of a character/,
    ],
  ])('rejects %s, naming the field', async (_, detail, reason) => {
    // Prepare
    const profileId = freshProfileId();
    const event = appEvent(profileId, 'order.placed', '2026-11-21T11:00:00Z', detail);

    // Act
    const report = await ingestEvents([event], harness.deps);

    // Assess
    expect(report.rejected).toEqual([
      { eventId: event.id, profileId, reason: expect.stringMatching(reason) },
    ]);
    const kept = (await rejectedOn(harness.dynamo.store, TODAY)).find(({ eventId }) => eventId === event.id);
    expect(kept).toMatchObject({ profileId, source: 'shop', detailType: 'order.placed' });
  });

  it('keeps a constructor key as data, in the event and in the profile', async () => {
    // Prepare: a trait a type reader would take for a set
    const profileId = freshProfileId();
    const traits = JSON.parse('{"constructor":{"name":"Set"},"car":{"constructor":"Renault"}}');
    const event = appEvent(profileId, 'profile.updated', '2026-11-21T11:00:00Z', { traits }, TRUSTED_APP);

    // Act
    const report = await ingestEvents([event], harness.deps);

    // Assess
    expect(report).toMatchObject({ accepted: 1, rejected: [], failed: [] });
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(profile?.attributes).toEqual(traits);
  });

  it('processes a 250 KB detail, the most EventBridge delivers', async () => {
    // Prepare
    const event = appEvent(freshProfileId(), 'page.viewed', '2026-11-21T11:00:00Z', {
      blob: 'x'.repeat(250 * 1024),
    });

    // Act
    const report = await ingestEvents([event], harness.deps);

    // Assess
    expect(report).toMatchObject({ accepted: 1, rejected: [], failed: [] });
  });
});
