import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import { createLiquidEngine } from '../../language/templates/liquid-engine.ts';
import { allSegments } from '../conditions/segments.ts';
import type { JourneyRef } from '../journeys/journey-input.ts';
import { cachedRenderer } from '../templates/liquid-renderer.ts';
import type { StepContext } from './step-context.ts';

// Apart from step-context.ts: the steps that render nothing (check, schedule, wait-for) then carry
// no Liquid in their bundles.
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
