import type { ScenarioAssignments } from '../../language/assignments.ts';
import type { EventEnvelope } from '../../shared/events/envelope.ts';
import { placeJourney } from '../../shared/outcomes/placement.ts';
import { Profile } from '../../shared/profiles/profile.ts';
import { seededRandom } from '../seeded-random.ts';

/** The true conversion rate of each place a customer can have in the browse-abandonment test. */
export type TrueRates = {
  readonly holdout: number;
  readonly reminder: number;
  readonly discount: number;
};

export type KnownEffectPopulation = {
  readonly profiles: Profile[];
  readonly events: EventEnvelope[];
  /** How many customers were placed in each group and variant, and how many were made to convert. */
  readonly truth: Record<string, { customers: number; converting: number; revenue: number }>;
};

const START = Date.parse('2026-10-05T08:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A population whose response to the browse-abandonment scenario is known: each customer views a
 * product once over two weeks, and orders within the goal's 7 days with the probability of the
 * place the scenario gives them (holdout, reminder or discount), which the generator reads with the
 * scenario's own assignment, as entry will. Orders come 3 hours to 6 days after the view, so most
 * arrive after the email and during the journey's trailing wait, and the held-out customers'
 * orders are there to be counted too. Seeded: the same arguments give the same population.
 */
export function knownEffectPopulation(options: {
  readonly customers: number;
  readonly rates: TrueRates;
  readonly assignments: ScenarioAssignments;
  readonly seed?: number;
}): KnownEffectPopulation {
  const random = seededRandom(options.seed ?? 20261005);
  const profiles: Profile[] = [];
  const events: EventEnvelope[] = [];
  const truth: KnownEffectPopulation['truth'] = {};
  for (let index = 0; index < options.customers; index += 1) {
    const profileId = `shopper-${index}`;
    profiles.push(
      Profile.parse({
        profileId,
        email: `${profileId}@example.com`,
        timeZone: 'Europe/Paris',
        consents: { email: 'opted-in', topics: {} },
      }),
    );
    const viewedAt = START + Math.floor(random() * 14 * DAY);
    const place = placeJourney(profileId, 'browse-abandonment', options.assignments, 0);
    const key = place.group === 'holdout' ? 'holdout' : (place.variants['subject-test'] ?? 'reminder');
    const rate =
      key === 'discount'
        ? options.rates.discount
        : key === 'holdout'
          ? options.rates.holdout
          : options.rates.reminder;
    const converts = random() < rate;
    const total = Math.round((40 + random() * 160) * 100) / 100;
    const entry = truth[key] ?? { customers: 0, converting: 0, revenue: 0 };
    truth[key] = entry;
    entry.customers += 1;
    events.push({
      id: `view-${index}`,
      source: 'shop',
      'detail-type': 'product.viewed',
      time: new Date(viewedAt).toISOString(),
      detail: { profileId, productId: 'trail-shoes', productName: 'Trail shoes' },
    });
    if (converts) {
      entry.converting += 1;
      entry.revenue += total;
      const orderedAt = viewedAt + 3 * HOUR + Math.floor(random() * (6 * DAY - 3 * HOUR));
      events.push({
        id: `order-${index}`,
        source: 'shop',
        'detail-type': 'order.placed',
        time: new Date(orderedAt).toISOString(),
        detail: { profileId, orderId: `o-${index}`, total, currency: 'EUR' },
      });
    }
  }
  return { profiles, events, truth };
}
