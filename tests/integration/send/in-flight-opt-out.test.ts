import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARCOURS_SOURCES } from '../../../language/sources.ts';
import { suppress } from '../../../shared/consent/suppression-store.ts';
import { ledgerOf } from '../../../shared/ledger/ledger-store.ts';
import { SendInput } from '../../../shared/send/send-input.ts';
import { sendStep } from '../../../shared/send/send-step.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';
import { keys, SORT_PREFIX } from '../../../shared/store/keys.ts';
import { cartEvent, startJourneyHarness, taskInput } from '../../helpers/journey-harness.ts';

let harness: Awaited<ReturnType<typeof startJourneyHarness>>;
beforeAll(async () => {
  harness = await startJourneyHarness();
});
afterAll(async () => harness.stop());

/** The store, except that right after the send's claim is written, `during` runs: something lands in flight. */
function storeWithChangeAfterClaim(store: ItemStore, during: () => Promise<void>): ItemStore {
  return {
    get: (key, options) => store.get(key, options),
    query: (partition, range) => store.query(partition, range),
    scan: (options) => store.scan(options),
    scanSegment: (request) => store.scanSegment(request),
    putMany: (items) => store.putMany(items),
    set: (key, values, options) => store.set(key, values, options),
    delete: (key, options) => store.delete(key, options),
    put: async (item, options) => {
      const written = await store.put(item, options);
      if (item.sk.startsWith(SORT_PREFIX.ledger) && item.outcome === 'sending') await during();
      return written;
    },
  };
}

/** A subscribed customer an hour into the abandoned cart, at the reminder email. */
async function atCartReminder(email: string) {
  const profileId = `c-inflight-${randomUUID().slice(0, 8)}`;
  await harness.seedProfile({ profileId, email });
  const journey = await harness.enter('abandoned-cart', cartEvent(profileId));
  harness.clock.advance(3_600_000);
  const input = SendInput.parse(
    taskInput(harness.definitionOf('abandoned-cart'), 'Email cart-reminder', journey),
  );
  return { profileId, input };
}

async function capEntries(profileId: string): Promise<unknown[]> {
  const item = await harness.dynamo.store.get(keys.caps(profileId));
  return Array.isArray(item?.entries) ? item.entries : [];
}

describe('consent that changes while a send is in flight', () => {
  it('an opt-out stored after the decision and before the provider call stops the message', async () => {
    // Prepare: the customer unsubscribes (one click) once the send has claimed its step
    const { profileId, input } = await atCartReminder('inflight@example.com');
    const optOut = async () => {
      const report = await harness.ingest([
        {
          id: randomUUID(),
          source: PARCOURS_SOURCES.unsubscribe,
          'detail-type': 'subscription.changed',
          time: harness.clock.now().toISOString(),
          detail: { profileId, channel: 'email', status: 'opted-out', via: 'one-click' },
        },
      ]);
      expect(report.accepted).toBe(1);
    };

    // Act
    const result = await sendStep(input, {
      ...harness.sendDeps,
      store: storeWithChangeAfterClaim(harness.dynamo.store, optOut),
    });

    // Assess: skipped as unsubscribed, the provider never called, the cap place given back
    expect(result).toMatchObject({ outcome: 'skipped', reason: 'unsubscribed' });
    const [record] = await ledgerOf(harness.dynamo.store, profileId);
    expect(record).toMatchObject({ outcome: 'skipped', reason: 'unsubscribed' });
    expect(record?.callStartedAt ?? 'never called').toBe('never called');
    expect(await capEntries(profileId)).toEqual([]);
  });

  it('a complaint suppressing the address in flight stops the message too', async () => {
    // Prepare: the address is suppressed (a complaint arrives) once the send has claimed its step
    const email = `complains-${randomUUID().slice(0, 8)}@example.com`;
    const { profileId, input } = await atCartReminder(email);
    const complaint = () =>
      suppress(harness.dynamo.store, 'email', email, 'complaint', harness.clock.now().toISOString());

    // Act
    const result = await sendStep(input, {
      ...harness.sendDeps,
      store: storeWithChangeAfterClaim(harness.dynamo.store, complaint),
    });

    // Assess
    expect(result).toMatchObject({ outcome: 'skipped', reason: 'suppressed' });
    const [record] = await ledgerOf(harness.dynamo.store, profileId);
    expect(record?.callStartedAt ?? 'never called').toBe('never called');
  });

  it('a send whose consent holds still goes out, once', async () => {
    const { profileId, input } = await atCartReminder('stays@example.com');

    const result = await sendStep(input, harness.sendDeps);

    expect(result).toMatchObject({ outcome: 'sent' });
    const records = await ledgerOf(harness.dynamo.store, profileId);
    expect(records.map((entry) => entry.outcome)).toEqual(['sent']);
    expect(await capEntries(profileId)).toHaveLength(1);
  });
});
