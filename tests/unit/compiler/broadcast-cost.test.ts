import { describe, expect, it } from 'vitest';
import { BROADCAST_PRICES, broadcastCost } from '../../../state-machines/compiler/broadcast-cost.ts';
import { PRICES, pathStats } from '../../../state-machines/compiler/path-stats.ts';
import { compiledExample } from '../../helpers/examples.ts';

const newsletter = pathStats((await compiledExample('monthly-newsletter')).compiled.definition).longest;

describe('what a broadcast costs', () => {
  it('keeps a one-email newsletter’s orchestration under a fifth of what SES charges for the emails', () => {
    const inline = broadcastCost(newsletter, true);
    expect(inline.journey).toBe('in the batch');
    expect(inline.shareOfSes).toBeLessThan(0.2);
    // A Standard execution per recipient would pass the bound on its own.
    expect(newsletter.pricePer1000 / BROADCAST_PRICES.sesPer1000Emails).toBeGreaterThan(0.2);
  });

  it('adds each recipient’s journey when it is more than one send', () => {
    const inline = broadcastCost(newsletter, true);
    const started = broadcastCost(newsletter, false);
    expect(started.journey).toBe('Standard execution');
    expect(started.per1000 - inline.per1000).toBeCloseTo(newsletter.pricePer1000, 10);
    // Ten children of a hundred recipients, two transitions each, at least.
    expect(inline.per1000).toBeGreaterThan(10 * 2 * PRICES.perStateTransition);
  });
});
