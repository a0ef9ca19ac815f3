import type { JourneyRecord } from '../../../shared/journeys/journey-store.ts';

/** The cart event that started customer p-1's journey, on 2 March. */
export const cartTrigger = {
  id: 'cart-1',
  source: 'shop',
  'detail-type': 'cart.updated',
  time: '2026-03-02T10:00:00.000Z',
  detail: { profileId: 'p-1' },
};

/** p-1's cart journey, entered on `version` when the cart event came. */
export function cartJourney(version: string): JourneyRecord {
  return {
    scenario: 'cart',
    version,
    profileId: 'p-1',
    journeyKey: 'profile',
    execution: 'exec-1',
    eventId: cartTrigger.id,
    enteredAt: cartTrigger.time,
    group: 'treatment',
    variants: {},
    trigger: cartTrigger,
  };
}

/** An order of p-1's, its detail holding `fields`. */
export function cartOrder(id: string, time: string, fields: Record<string, unknown>) {
  return { id, source: 'shop', 'detail-type': 'order.placed', time, detail: { profileId: 'p-1', ...fields } };
}
