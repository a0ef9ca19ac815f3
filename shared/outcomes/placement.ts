import type { ScenarioAssignments } from '../../language/assignments.ts';
import { bucketOf } from '../journeys/buckets.ts';
import type { FactGroup } from './outcome-fact.ts';

/**
 * The global control group's own bucket: not a scenario id (ids start with a letter or digit),
 * so it is independent of every scenario's holdout and splits.
 */
const GLOBAL_CONTROL_SCOPE = '*';

/** Whether a customer belongs to the global control group: stable, whatever the scenario. */
export function inGlobalControl(profileId: string, percent: number): boolean {
  return percent > 0 && bucketOf(profileId, GLOBAL_CONTROL_SCOPE, 'global-control') < percent;
}

/** Where a journey stands for measurement, decided at entry from the customer's stable buckets. */
export type Placement = {
  readonly group: FactGroup;
  /** Each split's variant, by split step id: assigned at entry, whether or not the journey gets there. */
  readonly variants: Readonly<Record<string, string>>;
};

/**
 * Places a customer entering a scenario, with the same buckets the state machine's Choice states
 * test: the global control group first (it receives no marketing message anywhere), then the
 * scenario's holdout. Every journey gets its split variants, even one that never reaches the split
 * (intention to treat), so that a variant's entrants are comparable to the holdout's.
 */
export function placeJourney(
  profileId: string,
  scenario: string,
  assignments: ScenarioAssignments,
  globalControlPercent: number,
): Placement {
  const variants: Record<string, string> = {};
  for (const split of assignments.splits) {
    const bucket = bucketOf(profileId, scenario, split.step);
    const chosen = split.variants.find(({ upper }) => bucket < upper) ?? split.variants.at(-1);
    if (chosen !== undefined) variants[split.step] = chosen.variant;
  }
  const { holdout } = assignments;
  const group: FactGroup = inGlobalControl(profileId, globalControlPercent)
    ? 'global-control'
    : holdout !== undefined && bucketOf(profileId, scenario, holdout.step) < holdout.percent
      ? 'holdout'
      : 'treatment';
  return { group, variants };
}
