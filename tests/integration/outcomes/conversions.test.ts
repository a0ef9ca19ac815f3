import { describe, expect, it } from 'vitest';
import { simulate } from '../../../local/simulate/simulate.ts';
import type { EventEnvelope } from '../../../shared/events/envelope.ts';
import { placeJourney } from '../../../shared/outcomes/placement.ts';
import { Profile } from '../../../shared/profiles/profile.ts';
import { compileProject } from '../../../state-machines/compile-project.ts';
import { loadProject } from '../../../state-machines/project/load-project.ts';
import { validateProject } from '../../../state-machines/validation/validate-project.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';

const { project } = validateProject(await loadProject(EXAMPLES_DIR));
const browse =
  project && compileProject(project).find(({ scenario }) => scenario.id === 'browse-abandonment');
if (browse === undefined) throw new Error('the examples have no browse-abandonment scenario');
const assignments = browse.compiled.manifest.assignments;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-10-05T08:00:00Z');
const at = (offset: number) => new Date(START + offset).toISOString();

/** The first customer id of the form `<prefix>-n` that the browse test places where asked. */
function customerIn(prefix: string, group: 'holdout' | 'treatment'): string {
  for (let n = 0; ; n += 1) {
    const id = `${prefix}-${n}`;
    if (placeJourney(id, 'browse-abandonment', assignments, 0).group === group) return id;
  }
}

const view = (profileId: string, time: string): EventEnvelope => ({
  id: `view-${profileId}`,
  source: 'shop',
  'detail-type': 'product.viewed',
  time,
  detail: { profileId, productId: 'trail-shoes' },
});
const order = (
  profileId: string,
  time: string,
  total: unknown,
  id = `order-${profileId}`,
): EventEnvelope => ({
  id,
  source: 'shop',
  'detail-type': 'order.placed',
  time,
  detail: { profileId, total, currency: 'EUR' },
});
const cart = (profileId: string, time: string): EventEnvelope => ({
  id: `cart-${profileId}`,
  source: 'shop',
  'detail-type': 'cart.updated',
  time,
  detail: {
    profileId,
    cartId: `c-${profileId}`,
    itemCount: 1,
    items: [{ productId: 'p', name: 'Cap', price: 20 }],
  },
});
const profile = (profileId: string) =>
  Profile.parse({
    profileId,
    email: `${profileId}@example.com`,
    consents: { email: 'opted-in', topics: {} },
  });

describe('conversions are facts, counted for every journey', () => {
  it('counts a conversion during a trailing wait, by a held-out customer, and after the last step', async () => {
    // Prepare
    const waiting = customerIn('waiting', 'treatment');
    const heldOut = customerIn('held', 'holdout');
    const late = customerIn('late', 'treatment');
    const twice = customerIn('twice', 'treatment');
    const carted = 'carted-1';
    const events = [
      view(waiting, at(0)),
      order(waiting, at(3 * DAY), 80), // after the email, during the 7-day trailing wait
      view(heldOut, at(0)),
      order(heldOut, at(2 * DAY), '45.50'), // held out: sent nothing, still measured
      view(late, at(0)),
      order(late, at(8 * DAY), 99), // past the 7-day window: not a conversion
      view(twice, at(0)),
      order(twice, at(1 * DAY), 30, 'first-order'),
      order(twice, at(2 * DAY), 500, 'second-order'), // the first one counts
      cart(carted, at(0)),
      order(carted, at(3 * DAY), 20), // the cart journey ended after its SMS branch on day 1
    ];

    // Act
    const report = await simulate({
      projectDir: EXAMPLES_DIR,
      events,
      profiles: [waiting, heldOut, late, twice, carted].map(profile),
      only: ['browse-abandonment', 'abandoned-cart'],
    });

    // Assess
    const journey = (profileId: string) =>
      report.journeys.find((candidate) => candidate.profileId === profileId);
    expect(journey(waiting)).toMatchObject({
      group: 'treatment',
      convertedAt: at(3 * DAY),
      value: 80,
      currency: 'EUR',
    });
    expect(journey(heldOut)).toMatchObject({ group: 'holdout', convertedAt: at(2 * DAY), value: 45.5 });
    expect(journey(late)?.convertedAt).toBeUndefined();
    expect(journey(twice)).toMatchObject({ convertedAt: at(1 * DAY), value: 30 });
    expect(journey(carted)).toMatchObject({
      scenario: 'abandoned-cart',
      convertedAt: at(3 * DAY),
      value: 20,
    });
    const cartExecution = report.executions.find((execution) => execution.profileId === carted);
    expect(cartExecution?.status).toBe('completed');
    expect(Date.parse(cartExecution?.endedAt ?? '')).toBeLessThan(START + 3 * DAY);
    expect(report.messages.filter((message) => message.profileId === heldOut)).toEqual([]);

    const groups = report.outcomes.scenarios.find(
      (scenario) => scenario.scenario === 'browse-abandonment',
    )?.groups;
    expect(groups?.find((group) => group.group === 'holdout' && group.variant === undefined)).toMatchObject({
      entered: 1,
      converted: 1,
      revenue: 45.5,
    });
    expect(groups?.find((group) => group.group === 'treatment' && group.variant === undefined)).toMatchObject(
      {
        entered: 3,
        converted: 2,
        revenue: 110,
      },
    );
    expect(report.totals.find((total) => total.scenario === 'browse-abandonment')?.converted).toBe(3);
  });

  it('values an order in the currency it names in the cart example, and counts it in no other', async () => {
    // Prepare: a customer who left a cart and looked at a product, then ordered for 70 USD in a
    // project that reports in EUR. The cart example's goal read no currency: it took the order for
    // 70 EUR, and the program conversion, whose two scenarios the order converted, counted 70 EUR.
    const buyer = customerIn('dollars', 'treatment');
    const events: EventEnvelope[] = [
      cart(buyer, at(0)),
      view(buyer, at(5 * 60_000)),
      { ...order(buyer, at(DAY), 70), detail: { profileId: buyer, total: 70, currency: 'USD' } },
    ];

    // Act
    const report = await simulate({
      projectDir: EXAMPLES_DIR,
      events,
      profiles: [profile(buyer)],
      only: ['browse-abandonment', 'abandoned-cart'],
    });

    // Assess
    const cartJourney = report.journeys.find((journey) => journey.scenario === 'abandoned-cart');
    expect(cartJourney).toMatchObject({ convertedAt: at(DAY), value: 70, currency: 'USD' });
    const cartOutcome = report.outcomes.scenarios.find(({ scenario }) => scenario === 'abandoned-cart');
    expect(cartOutcome?.groups.find(({ group }) => group === 'treatment')).toMatchObject({
      converted: 1,
      revenue: 0,
    });
    expect(cartOutcome?.otherCurrency).toBe(1);
    expect(report.outcomes.programs.find(({ program }) => program === 'conversion')).toMatchObject({
      converted: 2,
      revenue: 0,
    });
  });

  it('attributes a conversion to the last message the journey sent before it', async () => {
    // Prepare
    const buyer = customerIn('touched', 'treatment');
    const events = [view(buyer, at(0)), order(buyer, at(DAY), 60)];

    // Act
    const report = await simulate({
      projectDir: EXAMPLES_DIR,
      events,
      profiles: [profile(buyer)],
      only: ['browse-abandonment'],
    });

    // Assess
    const variant = report.journeys[0]?.variants['subject-test'];
    const steps = report.outcomes.scenarios[0]?.steps ?? [];
    expect(steps.find((step) => step.step === `browse-${variant}`)).toMatchObject({
      sent: 1,
      conversionsAfter: 1,
      revenueAfter: 60,
    });
  });
});
