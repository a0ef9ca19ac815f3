import type { BundledScenario, RuntimeBundle } from '../../language/runtime-bundle.ts';
import type { Clock } from '../clock/clock.ts';
import { type CustomerContext, loadCustomerContext } from '../conditions/customer-context.ts';
import { scenarioOf } from '../config/scenario-of.ts';
import { journeyStatus } from '../journeys/goal.ts';
import { ConvertedError } from '../journeys/journey-errors.ts';
import type { JourneyRef } from '../journeys/journey-input.ts';
import type { ItemStore } from '../store/item-store.ts';

export type StepDeps = { readonly store: ItemStore; readonly bundle: RuntimeBundle; readonly clock: Clock };

export type StepContext = CustomerContext & {
  readonly now: Date;
  readonly scenario: BundledScenario;
  /** The full trigger event (the execution only holds the fields its states read). */
  readonly trigger: unknown;
};

/**
 * What a step function needs about its journey, after making sure the journey should go on: a
 * customer who reached the goal ends the journey as converted before any step acts.
 */
export async function enterStep(journey: JourneyRef, deps: StepDeps): Promise<StepContext> {
  const scenario = scenarioOf(deps.bundle, journey);
  const { record, converted } = await journeyStatus(deps.store, journey, scenario.goal);
  if (converted) throw new ConvertedError();
  const now = deps.clock.now();
  const trigger = record?.trigger ?? {};
  const customer = await loadCustomerContext(deps.store, deps.bundle.config, journey.profileId, trigger, now);
  return { ...customer, now, scenario, trigger };
}
