import { ERROR_NAMES } from '../../language/error-names.ts';
import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import { allSegments } from '../conditions/segments.ts';
import type { JourneyRef } from '../journeys/journey-input.ts';
import { onDemand } from '../modules/on-demand.ts';
import { cachedRenderer } from '../templates/liquid-renderer.ts';
import type { StepContext } from './step-context.ts';

type Renderer = ReturnType<typeof cachedRenderer>;
type Renderers = { readonly text: Renderer; readonly url: Renderer };

/**
 * The Liquid engines, read on the first payload that holds Liquid: liquidjs is then a chunk of
 * its own in the bundles of emit, update-profile and webhook, about 48 million instructions their
 * cold starts no longer spend, and that a payload without Liquid (`set: { lifecycle: at-risk }`,
 * most emitted details) never loads at all.
 */
const liquidRenderers = onDemand<Renderers>(async () => {
  const { createLiquidEngine } = await import('../../language/templates/liquid-engine.ts');
  return {
    text: cachedRenderer(() => createLiquidEngine()),
    url: cachedRenderer(() => createLiquidEngine({ escape: 'url-component' })),
  };
});

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
export async function renderPayload<T>(payload: T, place: PayloadPlace): Promise<T> {
  return (await renderStrings(payload, place, 'text')) as T;
}

/**
 * Renders a webhook's URL: each value percent-encoded (language/templates/liquid-engine.ts), so a
 * customer id such as `../admin` stays one path segment of the URL the scenario wrote.
 */
export async function renderUrl(url: string, place: PayloadPlace): Promise<string> {
  return String(await renderStrings(url, place, 'url'));
}

async function renderStrings(
  payload: unknown,
  { context, journey, step, config }: PayloadPlace,
  output: keyof Renderers,
): Promise<unknown> {
  // A payload without Liquid is sent as written, and needs no engine.
  if (!holdsMarkup(payload)) return payload;
  const renderer = (await liquidRenderers.load())[output];
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
      if (!holdsMarkup(value)) return value;
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

/** Whether any string of the payload may hold Liquid: an output or a tag opens with `{`. */
function holdsMarkup(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{');
  if (Array.isArray(value)) return value.some(holdsMarkup);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsMarkup);
  return false;
}
