import { z } from 'zod';
import { eventFieldsRead } from '../../state-machines/model/event-fields.ts';
import { allNodes, buildStepTree } from '../../state-machines/model/step-tree.ts';
import type { Clock } from '../clock/clock.ts';
import { loadCustomerContext } from '../conditions/customer-context.ts';
import { evaluateCondition } from '../conditions/evaluate.ts';
import { type RuntimeBundle, scenarioOf } from '../config/runtime-bundle.ts';
import { EventEnvelope } from '../events/envelope.ts';
import { valueAt } from '../store/field-path.ts';
import type { Table } from '../store/table.ts';
import { bucketOf } from './buckets.ts';
import { executionName } from './execution-name.ts';
import type { JourneyInput, JourneyRef } from './journey-input.ts';
import { recordEntry } from './journey-store.ts';
import { projectEvent } from './project-event.ts';

/** What the rule of a scenario's trigger delivers to the entry function. */
export const EntryRequest = z.object({ scenario: z.string().min(1), event: z.unknown() });
export type EntryRequest = z.infer<typeof EntryRequest>;

export type StartExecution = (request: {
  scenario: string;
  name: string;
  input: JourneyInput;
}) => Promise<void>;

export type EntryDeps = {
  readonly table: Table;
  readonly bundle: RuntimeBundle;
  readonly clock: Clock;
  readonly startExecution: StartExecution;
};

export type EntryOutcome =
  | { outcome: 'started'; execution: string; holdout: boolean }
  | {
      outcome: 'skipped';
      reason:
        | 'invalid-event'
        | 'not-eligible'
        | 'missing-journey-key'
        | 'already-entered'
        | 'reentry-too-soon';
      detail?: string;
    };

/**
 * Starts a customer's journey for a trigger event: entry conditions, the journey key, the
 * re-entry policy (one conditional write), stable split and holdout buckets, and a deterministic
 * execution name so a duplicate delivery never starts a second journey.
 */
export async function startJourney(request: EntryRequest, deps: EntryDeps): Promise<EntryOutcome> {
  const parsed = EventEnvelope.safeParse(request.event);
  if (!parsed.success)
    return { outcome: 'skipped', reason: 'invalid-event', detail: parsed.error.issues[0]?.message };
  const event = parsed.data;
  const { scenario, manifest } = scenarioOf(deps.bundle, request.scenario);
  const profileId = event.detail.profileId;
  const now = deps.clock.now();

  const { conditions } = await loadCustomerContext(deps.table, deps.bundle.config, profileId, event, now);
  if (scenario.entry.when !== undefined && !evaluateCondition(scenario.entry.when, conditions)) {
    return { outcome: 'skipped', reason: 'not-eligible' };
  }
  const keyValue = scenario.entry.key === undefined ? 'profile' : valueAt(event, scenario.entry.key);
  if (typeof keyValue !== 'string' && typeof keyValue !== 'number') {
    return { outcome: 'skipped', reason: 'missing-journey-key', detail: scenario.entry.key };
  }
  const journeyKey = scenario.entry.reentry === 'always' ? `${keyValue}#${event.id}` : String(keyValue);

  const buckets = Object.fromEntries(
    manifest.buckets.map(({ key, step }) => [key, bucketOf(profileId, scenario.id, step)]),
  );
  const tree = buildStepTree(scenario.steps);
  const holdoutNode = allNodes(tree).find((node) => node.kind === 'holdout');
  const holdout =
    holdoutNode?.kind === 'holdout' &&
    bucketOf(profileId, scenario.id, holdoutNode.id) < holdoutNode.step.holdout;

  const execution = executionName(profileId, scenario.id, journeyKey, event.id);
  // The journey starts when its trigger happened, so goal events are counted from that moment.
  const enteredAt = new Date(event.time).toISOString();
  const decision = await recordEntry(
    deps.table,
    {
      scenario: scenario.id,
      profileId,
      journeyKey,
      execution,
      eventId: event.id,
      enteredAt,
      holdout,
      trigger: event,
    },
    scenario.entry.reentry,
    now,
  );
  if (!decision.entered) return { outcome: 'skipped', reason: decision.reason };

  const journey: JourneyRef = {
    scenario: scenario.id,
    profileId,
    key: journeyKey,
    execution,
    eventId: event.id,
    enteredAt,
  };
  await deps.startExecution({
    scenario: scenario.id,
    name: execution,
    input: { journey, event: projectEvent(event, eventFieldsRead(scenario, tree)), buckets },
  });
  return { outcome: 'started', execution, holdout };
}
