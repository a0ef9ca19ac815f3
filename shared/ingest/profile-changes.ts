import type { ProfileUpdatedDetail, SubscriptionChangedDetail } from '../events/envelope.ts';
import type { Profile, PushToken } from '../profiles/profile.ts';
import { updateProfile } from '../profiles/store.ts';
import type { Table } from '../store/table.ts';
import type { KnownDetail } from './validate-event.ts';

/** Applies a `profile.updated` or `subscription.changed` event to the customer's profile. */
export async function applyProfileChange(table: Table, known: KnownDetail, now: Date): Promise<void> {
  switch (known.type) {
    case 'profile.updated':
      await updateProfile(table, known.detail.profileId, (current) => withUpdate(current, known.detail), now);
      return;
    case 'subscription.changed':
      await updateProfile(
        table,
        known.detail.profileId,
        (current) => withConsent(current, known.detail),
        now,
      );
      return;
  }
}

/**
 * Upserts: traits are merged into the attributes (a trait sent as null is removed, as in the
 * Segment and Customer.io identify calls), contact fields that are present replace the stored
 * ones, and push tokens are added to those the customer already has (one per token).
 */
export function withUpdate(current: Profile, update: ProfileUpdatedDetail): Profile {
  const attributes = Object.fromEntries(
    Object.entries({ ...current.attributes, ...update.traits }).filter(([, value]) => value !== null),
  );
  return {
    ...current,
    attributes,
    ...(update.email === undefined ? {} : { email: update.email }),
    ...(update.phone === undefined ? {} : { phone: update.phone }),
    ...(update.timeZone === undefined ? {} : { timeZone: update.timeZone }),
    ...(update.locale === undefined ? {} : { locale: update.locale }),
    pushTokens: mergeTokens(current.pushTokens, update.pushTokens ?? []),
  };
}

/** A topic's consent when the event names one, otherwise the channel's. */
export function withConsent(current: Profile, change: SubscriptionChangedDetail): Profile {
  const consents =
    change.topic === undefined
      ? { ...current.consents, [change.channel]: change.status }
      : { ...current.consents, topics: { ...current.consents.topics, [change.topic]: change.status } };
  return { ...current, consents };
}

function mergeTokens(current: readonly PushToken[], added: readonly PushToken[]): PushToken[] {
  const byToken = new Map(current.map((token) => [token.token, token]));
  for (const token of added) byToken.set(token.token, token);
  return [...byToken.values()];
}
