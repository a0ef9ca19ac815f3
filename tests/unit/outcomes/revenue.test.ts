import { describe, expect, it } from 'vitest';
import type { Goal } from '../../../language/scenario.ts';
import type { EventEnvelope } from '../../../shared/events/envelope.ts';
import type { JourneyRecord } from '../../../shared/journeys/journey-store.ts';
import { MAX_REVENUE, reachesGoal, revenueOf } from '../../../shared/outcomes/conversion.ts';

const GOAL: Goal = {
  event: { source: ['shop'], 'detail-type': ['order.placed'] },
  within: '7d',
  value: 'detail.total',
  currency: 'detail.currency',
};

const ENTERED_AT = '2026-03-02T10:00:00.000Z';
const SEVEN_DAYS_MS = 7 * 86_400_000;

function order(
  detail: Record<string, unknown>,
  time = '2026-03-03T10:00:00.000Z',
  id = 'order-1',
): EventEnvelope {
  return { id, source: 'shop', 'detail-type': 'order.placed', time, detail: { profileId: 'p-1', ...detail } };
}

const TRIGGER: EventEnvelope = {
  id: 'view-1',
  source: 'shop',
  'detail-type': 'product.viewed',
  time: ENTERED_AT,
  detail: { profileId: 'p-1', productId: 'sku-1' },
};

const JOURNEY: JourneyRecord = {
  scenario: 'browse-abandonment',
  profileId: 'p-1',
  journeyKey: 'profile',
  execution: 'exec-1',
  eventId: TRIGGER.id,
  enteredAt: ENTERED_AT,
  group: 'treatment',
  variants: {},
  trigger: TRIGGER,
};

const at = (offsetMs: number): string => new Date(Date.parse(ENTERED_AT) + offsetMs).toISOString();

describe('revenueOf', () => {
  it.each([
    ['a number', 42.5, 42.5],
    ['a numeric string', '12.50', 12.5],
    ['a numeric string with spaces', ' 7 ', 7],
    ['a negative number (a refund)', -3, -3],
    ['the largest value, 2^53 cents', String(MAX_REVENUE), MAX_REVENUE],
  ])('reads %s as the value', (_, total, expected) => {
    // Act
    const revenue = revenueOf(order({ total, currency: 'USD' }), GOAL, 'EUR');

    // Assess
    expect(revenue).toEqual({ value: expected, currency: 'USD' });
  });

  it.each([
    ['a non-numeric string', 'twelve'],
    ['a string with a unit', '12.50 EUR'],
    ['an object', { amount: 12.5 }],
    ['a boolean', true],
    ['an infinite number', Number.POSITIVE_INFINITY],
    // Its square overflowed the variance in the reports' SQL, and every report failed
    ['a string of 155 digits', `2${'0'.repeat(154)}`],
    ['a number past 2^53 cents', 1e14],
    ['a refund past it', -1e14],
  ])('leaves the value out for %s', (_, total) => {
    // Act
    const revenue = revenueOf(order({ total, currency: 'EUR' }), GOAL, 'EUR');

    // Assess
    expect(revenue).toBeUndefined();
  });

  it('leaves the value out when the field is missing', () => {
    // Act
    const revenue = revenueOf(order({ currency: 'EUR' }), GOAL, 'EUR');

    // Assess
    expect(revenue).toBeUndefined();
  });

  it('reads no value when the goal names no value field', () => {
    // Prepare
    const { value: _value, ...withoutValue } = GOAL;

    // Act
    const revenue = revenueOf(order({ total: 99, currency: 'EUR' }), withoutValue, 'EUR');
    const noGoal = revenueOf(order({ total: 99, currency: 'EUR' }), undefined, 'EUR');

    // Assess
    expect(revenue).toBeUndefined();
    expect(noGoal).toBeUndefined();
  });

  it('upper-cases a lower-case currency code', () => {
    // Act
    const revenue = revenueOf(order({ total: 10, currency: 'eur' }), GOAL, 'USD');

    // Assess
    expect(revenue).toEqual({ value: 10, currency: 'EUR' });
  });

  it.each([
    ['a missing field', undefined],
    ['a null', null],
  ])('takes the default currency for %s', (_, currency) => {
    // Act
    const revenue = revenueOf(order({ total: 10, currency }), GOAL, 'GBP');

    // Assess
    expect(revenue).toEqual({ value: 10, currency: 'GBP' });
  });

  it.each([
    ['a code too long', 'EURO'],
    ['a token', 'USDT'],
    ['a symbol', '€'],
    ['a number', 978],
  ])(
    'leaves the value out for a currency named as %s, rather than counting it as the default',
    (_, currency) => {
      // Act: 100 USDT was counted as 100 GBP of revenue
      const revenue = revenueOf(order({ total: 10, currency }), GOAL, 'GBP');

      // Assess
      expect(revenue).toBeUndefined();
    },
  );

  it('uses the default currency when the goal names no currency field', () => {
    // Prepare
    const { currency: _currency, ...withoutCurrency } = GOAL;

    // Act
    const revenue = revenueOf(order({ total: 10, currency: 'USD' }), withoutCurrency, 'GBP');

    // Assess
    expect(revenue).toEqual({ value: 10, currency: 'GBP' });
  });
});

describe('reachesGoal', () => {
  it.each([
    ['at the entry time', 0],
    ['inside the window', 3 * 86_400_000],
    ['at the end of the window', SEVEN_DAYS_MS],
  ])('converts on a goal event %s', (_, offset) => {
    // Act
    const reached = reachesGoal(JOURNEY, GOAL, order({ total: 1 }, at(offset)));

    // Assess
    expect(reached).toBe(true);
  });

  it.each([
    ['one millisecond before entry', -1],
    ['one millisecond after the window', SEVEN_DAYS_MS + 1],
  ])('does not convert on a goal event %s', (_, offset) => {
    // Act
    const reached = reachesGoal(JOURNEY, GOAL, order({ total: 1 }, at(offset)));

    // Assess
    expect(reached).toBe(false);
  });

  it('never converts on the event that started the journey, even when it matches the goal', () => {
    // Prepare: a journey started by an order, whose goal is an order.
    const started = order({ total: 5 }, ENTERED_AT, 'order-0');
    const journey: JourneyRecord = { ...JOURNEY, eventId: started.id, trigger: started };
    const another = order({ total: 5 }, ENTERED_AT, 'order-2');

    // Act
    const byTrigger = reachesGoal(journey, GOAL, started);
    const byAnother = reachesGoal(journey, GOAL, another);

    // Assess
    expect(byTrigger).toBe(false);
    expect(byAnother).toBe(true);
  });

  it('does not convert on an event the goal pattern does not match', () => {
    // Prepare
    const refund: EventEnvelope = { ...order({ total: 1 }), 'detail-type': 'order.refunded' };
    const elsewhere: EventEnvelope = { ...order({ total: 1 }), source: 'pos' };

    // Act
    const reached = [refund, elsewhere].map((event) => reachesGoal(JOURNEY, GOAL, event));

    // Assess
    expect(reached).toEqual([false, false]);
  });

  it('does not convert without a goal', () => {
    // Act
    const reached = reachesGoal(JOURNEY, undefined, order({ total: 1 }));

    // Assess
    expect(reached).toBe(false);
  });
});
