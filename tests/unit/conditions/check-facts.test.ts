import { describe, expect, it } from 'vitest';
import { answerFacts } from '../../../shared/steps/check.ts';

describe("a check step's facts", () => {
  it("answer an aggregate's item from its own entries, not from what every object inherits", () => {
    // Prepare: a customer who bought product-a only
    const context = {
      profile: {},
      aggregates: { product_purchased_at: { 'product-a': '2026-11-20T10:00:00.000Z' } },
      event: {},
      now: new Date('2026-11-23T09:00:00.000Z'),
      segment: () => false,
    };
    const ask = (key: string, item: string) =>
      ({ kind: 'aggregate', key, name: 'product_purchased_at', item, as: 'timestamp' }) as const;

    // Act
    const facts = answerFacts(
      [
        ask('a', 'product-a'),
        { ...ask('c', 'constructor'), as: 'value' as const },
        { ...ask('t', 'toString'), as: 'value' as const },
      ],
      context,
      context.now,
    );

    // Assess
    expect(facts).toEqual({ a: '2026-11-20T10:00:00.000Z' });
  });
});
