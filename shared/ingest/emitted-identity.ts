import * as z from 'zod/mini';
import type { BundledScenario, RuntimeBundle } from '../../language/runtime-bundle.ts';
import { findScenario } from '../config/scenario-of.ts';
import type { EventEnvelope } from '../events/envelope.ts';

/** What an emit step writes in the detail of each event it publishes (see shared/steps/emit.ts). */
const EmitOrigin = z.object({
  scenario: z.string().check(z.minLength(1)),
  step: z.string().check(z.minLength(1)),
  execution: z.string().check(z.minLength(1)),
});
type EmitOrigin = z.infer<typeof EmitOrigin>;

/**
 * The event as ingest records it: an event an emit step published is identified by the execution
 * and step that published it, not by its EventBridge id. A Task that Step Functions retries, or a
 * PutEvents the SDK resends after its answer timed out, publishes the same event again under a new
 * id; with the origin's id (and the emit step's stable Time) the copy is a duplicate, so it counts
 * in aggregates and goals, and starts journeys, once.
 *
 * Any app allowed on the bus can write any source and any detail, so an origin is believed only
 * on an event an emit step of the bundle could have published: the origin names a scenario's step
 * that publishes the event's source and detail-type (the manifest's `emits`). Every other event keeps
 * its own id, whatever `origin` its detail carries.
 */
export function withEmittedIdentity(event: EventEnvelope, bundle: RuntimeBundle): EventEnvelope {
  const parsed = EmitOrigin.safeParse(event.detail.origin);
  if (!parsed.success) return event;
  const origin = parsed.data;
  const emittedBy = versionsOf(bundle, origin.scenario).some((version) => {
    const emitted = Object.hasOwn(version.manifest.emits, origin.step)
      ? version.manifest.emits[origin.step]
      : undefined;
    return emitted?.source === event.source && emitted['detail-type'] === event['detail-type'];
  });
  return emittedBy ? { ...event, id: emittedEventId(origin) } : event;
}

/** One emit step of one execution is one event. */
export function emittedEventId(origin: EmitOrigin): string {
  return `parcours-emit:${origin.scenario}:${origin.execution}:${origin.step}`;
}

/** The scenario's versions journeys may run on: an origin does not say which one it ran. */
function versionsOf(bundle: RuntimeBundle, scenario: string): BundledScenario[] {
  const current = findScenario(bundle, { scenario });
  const retired = Object.values(bundle.retired ?? {})
    .map(({ bundled }) => bundled)
    .filter((bundled) => bundled.scenario.id === scenario);
  return current === undefined ? retired : [current, ...retired];
}
