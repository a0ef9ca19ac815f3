import type { EventEnvelope } from '../../shared/events/envelope.ts';
import type { Profile } from '../../shared/profiles/profile.ts';
import { seededRandom } from '../seeded-random.ts';

/** The input of one simulated day of abandoned carts. */
export type JourneyFixture = {
  readonly profiles: Profile[];
  readonly events: EventEnvelope[];
  /** How many profiles have each trait, to print next to the figures. */
  readonly mix: { smsOptedIn: number; unsubscribed: number; converting: number };
};

const DAY_START = Date.parse('2026-11-16T00:00:00Z');
const DAY_MS = 86_400_000;
/** Time zones on both sides of the Atlantic, so some SMS fall in quiet hours and are rescheduled. */
const TIME_ZONES = ['Europe/Paris', 'America/New_York', 'Europe/London', 'America/Los_Angeles'];

/**
 * N customers who each leave a cart once during one day. Deterministic (a seeded generator), so
 * every run and every machine simulates the very same journeys:
 * - every other profile has a phone and has opted in to SMS (the branch of the scenario);
 * - one in ten has opted out of email (the email step is skipped as unsubscribed);
 * - one in twenty places an order within a day of the cart (the journey ends as converted,
 *   before the email or before the SMS).
 */
export function abandonedCarts(count: number, seed = 20261116): JourneyFixture {
  const profiles: Profile[] = [];
  const events: EventEnvelope[] = [];
  const mix = { smsOptedIn: 0, unsubscribed: 0, converting: 0 };
  for (const customer of abandonedCartCustomers(count, seed)) {
    profiles.push(customer.profile);
    events.push(...customer.events);
    if (customer.profile.consents.sms === 'opted-in') mix.smsOptedIn += 1;
    if (customer.profile.consents.email === 'opted-out') mix.unsubscribed += 1;
    if (customer.events.length > 1) mix.converting += 1;
  }
  return { profiles, events, mix };
}

/** One customer of the fixture: the profile and its events (a cart, and maybe an order). */
export type FixtureCustomer = { readonly profile: Profile; readonly events: EventEnvelope[] };

/**
 * The customers of abandonedCarts one at a time, the same ones for the same seed: a million of
 * them are written to files without ever being in memory together.
 */
export function* abandonedCartCustomers(count: number, seed = 20261116): Generator<FixtureCustomer> {
  const random = seededRandom(seed);
  for (let index = 0; index < count; index += 1) {
    const profileId = `bench-${String(index).padStart(6, '0')}`;
    const smsOptedIn = index % 2 === 0;
    // Residues of both parities, so each trait falls on SMS and non-SMS profiles alike.
    const unsubscribed = index % 20 === 3 || index % 20 === 8;
    const converting = index % 40 === 6 || index % 40 === 13;
    const profile: Profile = {
      profileId,
      email: `${profileId}@example.com`,
      ...(smsOptedIn ? { phone: `+1202555${String(index % 10_000).padStart(4, '0')}` } : {}),
      pushTokens: [],
      timeZone: TIME_ZONES[index % TIME_ZONES.length],
      consents: {
        ...(smsOptedIn ? { sms: 'opted-in' as const } : {}),
        ...(unsubscribed ? { email: 'opted-out' as const } : {}),
        topics: {},
      },
      attributes: { firstName: `Customer ${index}` },
    };
    const cartAt = DAY_START + Math.floor(random() * DAY_MS);
    const price = 10 + Math.floor(random() * 190);
    const events: EventEnvelope[] = [
      {
        id: `evt-cart-${index}`,
        source: 'shop',
        'detail-type': 'cart.updated',
        time: new Date(cartAt).toISOString(),
        detail: {
          profileId,
          cartId: `cart-${index}`,
          itemCount: 1,
          items: [{ productId: `p-${index % 50}`, name: 'Trail shoes', quantity: 1, price }],
        },
      },
    ];
    if (converting) {
      // Within 26 h: some orders come before the email (1 h), most before the SMS (25 h).
      const orderAt = cartAt + Math.floor(random() * 26 * 3_600_000);
      events.push({
        id: `evt-order-${index}`,
        source: 'shop',
        'detail-type': 'order.placed',
        time: new Date(orderAt).toISOString(),
        detail: {
          profileId,
          orderId: `o-${index}`,
          total: price,
          items: [{ productId: `p-${index % 50}`, name: 'Trail shoes', price }],
        },
      });
    }
    yield { profile, events };
  }
}
