import type { BundledScenario, RuntimeBundle } from '../../language/runtime-bundle.ts';
import { createLiquidEngine } from '../../language/templates/liquid-engine.ts';
import type { Clock } from '../clock/clock.ts';
import { type CustomerContext, loadCustomerContext } from '../conditions/customer-context.ts';
import { allSegments } from '../conditions/segments.ts';
import { scenarioOf } from '../config/scenario-of.ts';
import { journeyStatus } from '../journeys/goal.ts';
import { ConvertedError } from '../journeys/journey-errors.ts';
import type { JourneyRef } from '../journeys/journey-input.ts';
import type { ItemStore } from '../store/item-store.ts';
import { cachedRenderer } from '../templates/liquid-renderer.ts';

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

const renderText = cachedRenderer(() => createLiquidEngine());

/**
 * Renders the Liquid in every string of a step's payload (webhook bodies, emitted details,
 * profile updates), with the same variables templates have, except links.
 */
export function renderPayload<T>(
  payload: T,
  context: StepContext,
  journey: JourneyRef,
  step: string,
  config: RuntimeBundle['config'],
): T {
  const scope = {
    profile: context.conditions.profile,
    event: context.trigger,
    aggregates: context.conditions.aggregates,
    segments: allSegments(config.segments, context.conditions.segment),
    journey: { scenario: journey.scenario, step, program: context.scenario.scenario.program },
    now: context.now.toISOString(),
  };
  const render = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (!value.includes('{')) return value;
      const result = renderText(value, scope, `${journey.scenario}/${step}`);
      if ('error' in result) throw new Error(result.error);
      return result.text;
    }
    if (Array.isArray(value)) return value.map(render);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, render(child)]));
    }
    return value;
  };
  return render(payload) as T;
}
