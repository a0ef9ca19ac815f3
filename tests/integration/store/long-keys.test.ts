import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeBundle } from '../../../language/runtime-bundle.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { recordEvent } from '../../../shared/events/event-store.ts';
import { keepRejected, rejectedOn } from '../../../shared/ingest/rejected-store.ts';
import {
  getJourney,
  journeysOf,
  PROFILE_JOURNEY_KEY,
  recordEntry,
} from '../../../shared/journeys/journey-store.ts';
import { startJourney } from '../../../shared/journeys/start-journey.ts';
import { memorySink } from '../../../shared/outcomes/outcome-fact.ts';
import { EXPIRES_AT } from '../../../shared/store/expiry.ts';
import { digestPart, external, fitKey, KEY_LIMIT_BYTES } from '../../../shared/store/key-limits.ts';
import { keys } from '../../../shared/store/keys.ts';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.ts';
import { appEvent, freshProfileId, ingestBundle } from '../../helpers/ingest-fixtures.ts';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('keys over DynamoDB limits', () => {
  it('leaves a key that fits exactly as it always was', () => {
    // Prepare
    const profileId = 'jane';

    // Act
    const key = keys.journey(profileId, 'cart', 'cart-1');

    // Assess
    expect(key).toEqual({ pk: 'PROFILE#jane', sk: 'JOURNEY#cart#cart-1' });
  });

  it('digests the longest outside part, keeping the constant prefix and a readable start', () => {
    // Prepare
    const cartId = `cart-${'é'.repeat(2500)}`;

    // Act
    const { sk } = keys.journey('jane', 'cart', cartId);

    // Assess
    expect(bytes(sk)).toBeLessThanOrEqual(KEY_LIMIT_BYTES.sort);
    expect(sk).toBe(`JOURNEY#cart#${digestPart(cartId)}`);
    expect(sk).toMatch(/^JOURNEY#cart#h:[0-9a-f]{64}:cart-é{13}$/);
  });

  it('keeps the time first in an event key, so range queries by time still work', () => {
    // Prepare
    const eventId = 'e'.repeat(3000);

    // Act
    const { sk } = keys.event('jane', '2026-01-01T00:00:00.000Z', eventId);

    // Assess
    expect(sk.startsWith('EVENT#2026-01-01T00:00:00.000Z#h:')).toBe(true);
    expect(bytes(sk)).toBeLessThanOrEqual(KEY_LIMIT_BYTES.sort);
  });

  it('re-digests an outside part that already has the digest form, so a key cannot be forged', () => {
    // Prepare
    const long = 'x'.repeat(2000);
    const forged = digestPart(long);

    // Act
    const genuine = fitKey(KEY_LIMIT_BYTES.sort, ['JOURNEY', external(long)]);
    const attempt = fitKey(KEY_LIMIT_BYTES.sort, ['JOURNEY', external(forged)]);

    // Assess
    expect(genuine).toBe(`JOURNEY#${forged}`);
    expect(attempt).not.toBe(genuine);
  });

  it('never gives a value with a lone surrogate the digest of a well-formed one', () => {
    // Prepare: a well-formed text whose UTF-8 bytes are the other's UTF-16 units
    const lone = `a${'\0'.repeat(40)}\uD800\u0080`;
    const wellFormed = Buffer.from(lone, 'utf16le').toString('utf8');

    // Act
    const digests = [digestPart(lone), digestPart(wellFormed)];

    // Assess
    expect(wellFormed.isWellFormed()).toBe(true);
    expect(digests[0]).not.toBe(digests[1]);
  });

  it('bounds a partition key too', () => {
    // Prepare
    const profileId = 'p'.repeat(5000);

    // Act
    const { pk } = keys.profile(profileId);

    // Assess
    expect(bytes(pk)).toBeLessThanOrEqual(KEY_LIMIT_BYTES.partition);
    expect(pk.startsWith('PROFILE#h:')).toBe(true);
  });
});

describe('items keyed by long outside values, on dynalite', () => {
  let dynamo: LocalDynamo;
  const clock = new ManualClock('2026-03-04T10:00:00Z');
  const base = ingestBundle();
  const cart = base.scenarios.cart;
  if (cart === undefined) throw new Error('the ingest bundle has a cart scenario');
  const bundle = RuntimeBundle.parse({
    ...base,
    scenarios: {
      ...base.scenarios,
      cart: { ...cart, scenario: { ...cart.scenario, entry: { key: 'detail.cartId', reentry: 'never' } } },
    },
  });

  beforeAll(async () => {
    dynamo = await startDynalite();
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  it('a journey whose cart id is 5,000 bytes long starts, and is found again', async () => {
    // Prepare
    const profileId = freshProfileId();
    const cartId = `cart-${'c'.repeat(4995)}`;
    const started: string[] = [];
    const deps = {
      store: dynamo.store,
      bundle,
      clock,
      facts: memorySink(),
      startExecution: async ({ name }: { name: string }) => {
        started.push(name);
      },
    };
    const trigger = appEvent(profileId, 'cart.updated', '2026-03-04T09:00:00Z', { cartId });
    const sameCartLater = appEvent(profileId, 'cart.updated', '2026-03-04T09:30:00Z', { cartId });

    // Act
    const first = await startJourney({ scenario: 'cart', event: trigger }, deps);
    const second = await startJourney({ scenario: 'cart', event: sameCartLater }, deps);

    // Assess
    expect(first.outcome).toBe('started');
    expect(second).toMatchObject({ outcome: 'skipped', reason: 'already-entered' });
    expect(started).toHaveLength(1);
    const record = await getJourney(dynamo.store, { profileId, scenario: 'cart', key: cartId });
    expect(record).toMatchObject({ journeyKey: cartId, eventId: trigger.id });
    expect((await journeysOf(dynamo.store, profileId)).map((journey) => journey.journeyKey)).toEqual([
      cartId,
    ]);
  });

  it('an event whose id is 3,000 bytes long is stored once', async () => {
    // Prepare
    const event = {
      ...appEvent(freshProfileId(), 'page.viewed', '2026-03-04T09:00:00Z'),
      id: 'i'.repeat(3000),
    };

    // Act
    const { recording: first } = await recordEvent(dynamo.store, event, clock.now());
    const { recording: again } = await recordEvent(dynamo.store, event, clock.now());

    // Assess
    expect(first).toBe('first');
    expect(again).not.toBe('first');
  });

  it('two events whose ids differ only in a lone surrogate, rejected at one instant, are both kept', async () => {
    // Prepare: DynamoDB stores a lone surrogate as U+FFFD, which made the two keys one
    const raw = (id: string) => ({ ...appEvent('c-1', 'page.viewed', '2026-03-04T09:00:00Z'), id });
    const [high, low] = ['evt-\uD800', 'evt-\uDC00'];
    const now = new Date('2026-03-04T09:00:00Z');

    // Act
    const events = [raw(high), raw(low)];
    for (const event of events)
      await keepRejected(dynamo.store, { eventId: event.id, reason: 'test', raw: event }, now);

    // Assess: two records, each with its own event as sent
    const kept = await rejectedOn(dynamo.store, '2026-03-04');
    expect(kept.map((rejected) => rejected.raw)).toHaveLength(2);
    expect(kept.map((rejected) => rejected.raw)).toEqual(expect.arrayContaining(events));
  });

  it('a keyed journey record expires 400 days after entry, and an expired record no longer blocks entry', async () => {
    // Prepare
    const profileId = freshProfileId();
    const entered = new Date('2026-03-04T10:00:00Z');
    const record = (eventId: string, at: Date) => ({
      scenario: 'cart',
      profileId,
      journeyKey: 'cart-1',
      execution: `execution-${eventId}`,
      eventId,
      enteredAt: at.toISOString(),
      group: 'treatment' as const,
      variants: {},
      trigger: appEvent(profileId, 'cart.updated', at.toISOString()),
    });
    const day = 86_400_000;

    // Act
    const first = await recordEntry(dynamo.store, record('e-1', entered), 'never', entered);
    const withinRetention = new Date(entered.getTime() + 399 * day);
    const blocked = await recordEntry(dynamo.store, record('e-2', withinRetention), 'never', withinRetention);
    const afterRetention = new Date(entered.getTime() + 401 * day);
    const again = await recordEntry(dynamo.store, record('e-3', afterRetention), 'never', afterRetention);

    // Assess
    expect(first).toEqual({ entered: true });
    expect(blocked).toEqual({ entered: false, reason: 'already-entered' });
    expect(again).toEqual({ entered: true });
    expect(await storedExpiry(profileId, 'cart', 'cart-1')).toEqual({
      N: String(Math.floor(afterRetention.getTime() / 1000) + 400 * 86_400),
    });
  });

  it('keeps for good the one record of a customer who may enter a scenario only once', async () => {
    // Prepare
    const profileId = freshProfileId();
    const entered = new Date('2026-03-04T10:00:00Z');
    const record = (eventId: string, at: Date) => ({
      scenario: 'welcome',
      profileId,
      journeyKey: PROFILE_JOURNEY_KEY,
      execution: `execution-${eventId}`,
      eventId,
      enteredAt: at.toISOString(),
      group: 'treatment' as const,
      variants: {},
      trigger: appEvent(profileId, 'account.created', at.toISOString()),
    });
    const years = new Date(entered.getTime() + 5 * 365 * 86_400_000);

    // Act
    const first = await recordEntry(dynamo.store, record('e-1', entered), 'never', entered);
    const later = await recordEntry(dynamo.store, record('e-2', years), 'never', years);

    // Assess
    expect(first).toEqual({ entered: true });
    expect(later).toEqual({ entered: false, reason: 'already-entered' });
    expect(await storedExpiry(profileId, 'welcome', PROFILE_JOURNEY_KEY)).toBeUndefined();
  });

  async function storedExpiry(profileId: string, scenario: string, journeyKey: string) {
    const key = keys.journey(profileId, scenario, journeyKey);
    const { Item } = await dynamo.client.send(
      new GetItemCommand({ TableName: dynamo.table.name, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }),
    );
    return Item?.[EXPIRES_AT];
  }
});
