import type { ParcoursConfig } from '../../language/config.ts';
import { type AggregateState, aggregatesView } from '../aggregates/compute.ts';
import type { Profile } from '../profiles/profile.ts';
import { profileView } from '../profiles/profile.ts';
import { loadCustomer } from '../profiles/store.ts';
import type { ItemStore } from '../store/item-store.ts';
import type { ConditionContext } from './evaluate.ts';
import { segmentLookup } from './segments.ts';

export type CustomerContext = {
  readonly profile: Profile | undefined;
  readonly conditions: ConditionContext;
};

/** Everything conditions and templates read about one customer, loaded with one Query. */
export async function loadCustomerContext(
  store: ItemStore,
  config: ParcoursConfig,
  profileId: string,
  event: unknown,
  now: Date,
): Promise<CustomerContext> {
  const { profile, aggregates } = await loadCustomer(store, profileId);
  return { profile, conditions: customerConditions(config, profileId, profile, aggregates, event, now) };
}

/** What conditions read about a customer whose profile and aggregates are in hand. */
export function customerConditions(
  config: ParcoursConfig,
  profileId: string,
  profile: Profile | undefined,
  aggregates: AggregateState,
  event: unknown,
  now: Date,
): ConditionContext {
  const base = {
    profile: profile === undefined ? { profileId } : profileView(profile),
    aggregates: aggregatesView(aggregates),
    event,
    now,
  };
  return { ...base, segment: segmentLookup(config.segments, base) };
}
