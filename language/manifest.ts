import * as z from 'zod';
import { ScenarioAssignments } from './assignments.ts';

/** How an execution that ends in a terminal state is reported. */
export const Outcome = z.enum(['completed', 'converted', 'exited', 'held-out']);
export type Outcome = z.infer<typeof Outcome>;

/**
 * What the compiler tells the runtime about a compiled scenario, so that no runtime code rebuilds
 * the step tree: journey entry computes the buckets, places the customer (assignments) and copies
 * the trigger-event fields the states read; the local runtime and the graph read the rest.
 */
export const ScenarioManifest = z.object({
  scenario: z.string(),
  /** Stable per-customer buckets (0 ≤ b < 100) journey entry computes for splits and holdouts. */
  buckets: z.array(z.object({ key: z.string(), step: z.string() })),
  /** How an execution that ends in each terminal state is reported. */
  outcomes: z.record(z.string(), Outcome),
  /** The state that runs each step, by step id. */
  stepStates: z.record(z.string(), z.string()),
  /** How to read each Choice state's Default in a graph, where ASL has no room for a label. */
  defaultLabels: z.record(z.string(), z.string()),
  /** Where entry places a customer for measurement (holdout, split variants): see assignments.ts. */
  assignments: ScenarioAssignments,
  /** A digest of the compiled definition: journeys and their facts name the version they ran. */
  version: z.string(),
  /**
   * The event each emit step publishes, by step id: ingest believes an event's `origin` only when
   * it names a step that publishes that source and detail-type (shared/ingest/emitted-identity.ts).
   */
  emits: z.record(z.string(), z.object({ source: z.string(), 'detail-type': z.string() })),
  /** The trigger-event fields the states read: entry copies only these into the execution. */
  eventFields: z.array(z.string()),
  /**
   * When the whole journey is one send (a newsletter): that Task's Parameters but the journey. A
   * broadcast sends it in its batch instead of starting a Standard execution per recipient, at a
   * hundredth of the orchestration's price (state-machines/compiler/inline-send.ts).
   */
  inlineSend: z.optional(z.record(z.string(), z.string())),
});
export type ScenarioManifest = z.infer<typeof ScenarioManifest>;
