import { describe, expect, it } from 'vitest';
import type { ScenarioAssignments } from '../../../language/assignments.ts';
import { bucketOf } from '../../../shared/journeys/buckets.ts';
import { inGlobalControl, placeJourney } from '../../../shared/outcomes/placement.ts';

const PROFILES = Array.from({ length: 10_000 }, (_, index) => `profile-${index}`);

/** A share of 10,000 draws at p = 0.1 stays within ±1.2 points (about 4 standard deviations). */
const TOLERANCE = 1.2;

const sharePercent = (ids: readonly string[], test: (id: string) => boolean): number =>
  (ids.filter(test).length / ids.length) * 100;

const HOLDOUT_AND_SPLIT: ScenarioAssignments = {
  holdout: { step: 'holdout', percent: 10 },
  splits: [
    {
      step: 'subject-test',
      variants: [
        { variant: 'reminder', upper: 30 },
        { variant: 'discount', upper: 100 },
      ],
    },
  ],
};

describe('inGlobalControl', () => {
  it('is the same for a customer every time it is asked', () => {
    // Act
    const first = PROFILES.map((id) => inGlobalControl(id, 5));
    const second = PROFILES.map((id) => inGlobalControl(id, 5));

    // Assess
    expect(second).toEqual(first);
    expect(first.some(Boolean)).toBe(true);
  });

  it('places about the given percent of customers in the control group', () => {
    // Act
    const share = sharePercent(PROFILES, (id) => inGlobalControl(id, 10));

    // Assess
    expect(share).toBeGreaterThan(10 - TOLERANCE);
    expect(share).toBeLessThan(10 + TOLERANCE);
  });

  it('places nobody at 0 percent and everybody at 100 percent', () => {
    // Act
    const atZero = PROFILES.filter((id) => inGlobalControl(id, 0));
    const atHundred = PROFILES.filter((id) => inGlobalControl(id, 100));

    // Assess
    expect(atZero).toEqual([]);
    expect(atHundred).toHaveLength(PROFILES.length);
  });

  it('puts a customer in control in every scenario alike', () => {
    // Prepare
    const controlled = PROFILES.filter((id) => inGlobalControl(id, 5));

    // Act
    const groups = ['abandoned-cart', 'win-back', 'browse-abandonment'].flatMap((scenario) =>
      controlled.map((id) => placeJourney(id, scenario, HOLDOUT_AND_SPLIT, 5).group),
    );

    // Assess
    expect(controlled.length).toBeGreaterThan(0);
    expect(new Set(groups)).toEqual(new Set(['global-control']));
  });
});

describe('placeJourney', () => {
  it('decides the global control group before the holdout', () => {
    // Prepare: customers whom the holdout would take and the control group takes too.
    const both = PROFILES.filter(
      (id) => inGlobalControl(id, 50) && bucketOf(id, 'browse-abandonment', 'holdout') < 10,
    );

    // Act
    const groups = both.map((id) => placeJourney(id, 'browse-abandonment', HOLDOUT_AND_SPLIT, 50).group);

    // Assess
    expect(both.length).toBeGreaterThan(0);
    expect(new Set(groups)).toEqual(new Set(['global-control']));
  });

  it('holds out about the holdout percent, and exactly those whose bucket is below it', () => {
    // Act
    const placements = PROFILES.map((id) => ({
      id,
      group: placeJourney(id, 'browse-abandonment', HOLDOUT_AND_SPLIT, 0).group,
    }));

    // Assess
    const heldOut = placements.filter(({ group }) => group === 'holdout').map(({ id }) => id);
    const share = (heldOut.length / PROFILES.length) * 100;
    expect(share).toBeGreaterThan(10 - TOLERANCE);
    expect(share).toBeLessThan(10 + TOLERANCE);
    expect(heldOut).toEqual(PROFILES.filter((id) => bucketOf(id, 'browse-abandonment', 'holdout') < 10));
    expect(placements.filter(({ group }) => group === 'global-control')).toEqual([]);
  });

  it('treats everybody when the scenario has no holdout and there is no control group', () => {
    // Act
    const groups = PROFILES.slice(0, 1000).map(
      (id) => placeJourney(id, 'browse-abandonment', { splits: [] }, 0).group,
    );

    // Assess
    expect(new Set(groups)).toEqual(new Set(['treatment']));
  });

  it('chooses the variant whose upper bound first exceeds the bucket', () => {
    // Act
    const assigned = PROFILES.map((id) => ({
      bucket: bucketOf(id, 'browse-abandonment', 'subject-test'),
      variant: placeJourney(id, 'browse-abandonment', HOLDOUT_AND_SPLIT, 0).variants['subject-test'],
    }));

    // Assess
    const below = assigned.filter(({ bucket }) => bucket < 30);
    const above = assigned.filter(({ bucket }) => bucket >= 30);
    expect(below.length).toBeGreaterThan(0);
    expect(above.length).toBeGreaterThan(0);
    expect(new Set(below.map(({ variant }) => variant))).toEqual(new Set(['reminder']));
    expect(new Set(above.map(({ variant }) => variant))).toEqual(new Set(['discount']));
    const reminderShare = (below.length / assigned.length) * 100;
    expect(reminderShare).toBeGreaterThan(30 - 2);
    expect(reminderShare).toBeLessThan(30 + 2);
  });

  it('gives every split a variant, held out or in control alike (intention to treat)', () => {
    // Prepare
    const assignments: ScenarioAssignments = {
      holdout: { step: 'holdout', percent: 20 },
      splits: [
        HOLDOUT_AND_SPLIT.splits[0] ?? { step: 'missing', variants: [] },
        {
          step: 'channel-test',
          variants: [
            { variant: 'email', upper: 33.34 },
            { variant: 'sms', upper: 66.67 },
            { variant: 'push', upper: 100 },
          ],
        },
      ],
    };

    // Act
    const placements = PROFILES.slice(0, 2000).map((id) =>
      placeJourney(id, 'browse-abandonment', assignments, 10),
    );

    // Assess
    expect(new Set(placements.map(({ group }) => group))).toEqual(
      new Set(['treatment', 'holdout', 'global-control']),
    );
    for (const { variants } of placements) {
      expect(Object.keys(variants).sort()).toEqual(['channel-test', 'subject-test']);
    }
    expect(new Set(placements.map(({ variants }) => variants['channel-test']))).toEqual(
      new Set(['email', 'sms', 'push']),
    );
  });

  it('places a customer independently in two scenarios', () => {
    // Act
    const inCart = PROFILES.map((id) => placeJourney(id, 'abandoned-cart', HOLDOUT_AND_SPLIT, 0).group);
    const inBrowse = PROFILES.map((id) => placeJourney(id, 'browse-abandonment', HOLDOUT_AND_SPLIT, 0).group);

    // Assess: with 10% holdouts drawn independently, about 1% are held out in both.
    const heldOutInBoth = PROFILES.filter(
      (_, index) => inCart[index] === 'holdout' && inBrowse[index] === 'holdout',
    ).length;
    expect(heldOutInBoth).toBeGreaterThan(50);
    expect(heldOutInBoth).toBeLessThan(160);
  });
});
