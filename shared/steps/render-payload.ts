import { ERROR_NAMES } from '../../language/error-names.ts';
import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import { createLiquidEngine } from '../../language/templates/liquid-engine.ts';
import { allSegments } from '../conditions/segments.ts';
import type { JourneyRef } from '../journeys/journey-input.ts';
import { cachedRenderer } from '../templates/liquid-renderer.ts';
import type { StepContext } from './step-context.ts';

// Apart from step-context.ts: the steps that render nothing (check, schedule, wait-for) then carry
// no Liquid in their bundles.
const renderText = cachedRenderer(() => createLiquidEngine());
const renderUrlText = cachedRenderer(() => createLiquidEngine({ escape: 'url-component' }));

/**
 * A payload's Liquid failed (a render limit passed, a value it cannot read): the same input fails
 * the same way on every attempt, so the step records it as failed and the journey goes on, as a
 * message that cannot render is recorded `render-failed`.
 */
export class PayloadRenderError extends Error {
  override readonly name = ERROR_NAMES.permanentFailure;
}

/** Where a payload is rendered: the step and its journey, and what their variables read. */
export type PayloadPlace = {
  readonly context: StepContext;
  readonly journey: JourneyRef;
  readonly step: string;
  readonly config: RuntimeBundle['config'];
};

/**
 * Renders the Liquid in every string of a step's payload (webhook bodies and headers, emitted
 * details, profile updates), with the same variables templates have, except links.
 */
export function renderPayload<T>(payload: T, place: PayloadPlace): T {
  return renderStrings(payload, place, renderText) as T;
}

/**
 * Renders a webhook's URL: each value percent-encoded (language/templates/liquid-engine.ts), so a
 * customer id such as `../admin` stays one path segment of the URL the scenario wrote.
 */
export function renderUrl(url: string, place: PayloadPlace): string {
  return String(renderStrings(url, place, renderUrlText));
}

function renderStrings(
  payload: unknown,
  { context, journey, step, config }: PayloadPlace,
  renderer: typeof renderText,
): unknown {
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
      const result = renderer(value, scope, `${journey.scenario}/${step}`);
      if ('error' in result) throw new PayloadRenderError(result.error);
      return result.text;
    }
    if (Array.isArray(value)) return value.map(render);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, render(child)]));
    }
    return value;
  };
  return render(payload);
}
