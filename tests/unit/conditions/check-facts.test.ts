import { describe, expect, it } from 'vitest';
import { COMPARED_TEXT_LIMIT } from '../../../language/fact-request.ts';
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

  it('answer a long text with no more than a condition can tell from it, whatever its length', () => {
    // Prepare: notes of 300 KB, which a journey's state (256 KB at most) cannot hold
    const notes = 'n'.repeat(300_000);
    const atLimit = 'g'.repeat(COMPARED_TEXT_LIMIT);
    // Characters of two UTF-16 units each: the limit counts characters
    const medals = '🥇'.repeat(COMPARED_TEXT_LIMIT);
    const context = {
      profile: { attributes: { notes, tier: atLimit, medals, moreMedals: `${medals}🥈🥉` } },
      aggregates: {},
      event: {},
      now: new Date('2026-11-23T09:00:00.000Z'),
      segment: () => false,
    };
    const ask = (key: string, path: string) => ({ kind: 'profile', key, path, as: 'value' }) as const;

    // Act
    const facts = answerFacts(
      [
        ask('n', 'attributes.notes'),
        ask('t', 'attributes.tier'),
        ask('m', 'attributes.medals'),
        ask('o', 'attributes.moreMedals'),
      ],
      context,
      context.now,
    );

    // Assess: the text a condition may compare with is kept whole; a longer one is cut one past
    // it, so it still equals none of them
    expect(facts.t).toBe(atLimit);
    expect(facts.n).toBe(notes.slice(0, COMPARED_TEXT_LIMIT + 1));
    expect(facts.m).toBe(medals);
    expect(facts.o).toBe(`${medals}🥈`);
    expect(JSON.stringify(facts).length).toBeLessThan(6 * COMPARED_TEXT_LIMIT + 100);
  });
});
