import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../../shared/events/envelope.ts';
import { eventsSince } from '../../../shared/events/event-store.ts';
import { emittedEventId, withEmittedIdentity } from '../../../shared/ingest/emitted-identity.ts';
import { EmitInput, emitStep, type OutgoingEvent, type PublishEvents } from '../../../shared/steps/emit.ts';
import { startJourneyHarness } from '../../helpers/journey-harness.ts';

let harness: Awaited<ReturnType<typeof startJourneyHarness>>;

beforeAll(async () => {
  harness = await startJourneyHarness();
});
afterAll(async () => {
  await harness.stop();
});

const EMIT_STATE = 'Emit onboarding.completed';

/** The onboarding journey's emit Task input for a customer who entered it, as Step Functions passes it. */
async function emitInput(profileId: string): Promise<EmitInput> {
  await harness.seedProfile({ profileId, email: `${profileId}@example.com` });
  const { taskOf } = await harness.enterOnboarding(profileId);
  return EmitInput.parse(taskOf(EMIT_STATE));
}

/** The event as EventBridge delivers a PutEvents entry: each PutEvents under a new id. */
function delivered(entry: OutgoingEvent): EventEnvelope {
  return {
    id: randomUUID(),
    source: entry.Source,
    'detail-type': entry.DetailType,
    time: entry.Time.toISOString(),
    detail: JSON.parse(entry.Detail),
  };
}

/** The one entry an emit step's attempt publishes, its publish answered. */
async function publishedOnce(input: EmitInput): Promise<OutgoingEvent> {
  const published: OutgoingEvent[] = [];
  await emitStep(input, { ...harness.stepDeps, publish: async (entries) => void published.push(...entries) });
  const [entry, ...others] = published;
  if (entry === undefined || others.length > 0) throw new Error(`${published.length} entries were published`);
  return entry;
}

/** Every entry published, and a publish whose first call is taken by EventBridge, then its answer lost. */
function losingFirstAnswer() {
  const published: OutgoingEvent[] = [];
  const publish: PublishEvents = async (entries) => {
    published.push(...entries);
    if (published.length === 1)
      throw new AttemptDied('the answer of PutEvents was lost after EventBridge took it');
  };
  return { published, publish };
}

/** The Lambda's answer never reached Step Functions (timeout, crash), so the Task is retried. */
class AttemptDied extends Error {
  override readonly name = 'Lambda.Unknown';
}

async function emittedEvents(profileId: string): Promise<EventEnvelope[]> {
  const events = await eventsSince(harness.dynamo.store, profileId, '2026-01-01T00:00:00.000Z');
  return events.filter((event) => event['detail-type'] === 'onboarding.completed');
}

describe('an event an emit step published is one event, however many times it was put', () => {
  it('records a Task retried by Step Functions once, a minute later and under a new id', async () => {
    // Prepare
    const profileId = 'c-emit-task-retry';
    const input = await emitInput(profileId);
    const { published, publish } = losingFirstAnswer();

    // Act: the attempt, then Step Functions' retry of the same Task with the same input
    await expect(emitStep(input, { ...harness.stepDeps, publish })).rejects.toThrow(AttemptDied);
    harness.clock.advance(60_000);
    await emitStep(input, { ...harness.stepDeps, publish });
    const report = await harness.ingest(published.map(delivered));

    // Assess: both copies at the first attempt's time, one event
    expect(published).toHaveLength(2);
    expect(published[1]?.Time).toEqual(published[0]?.Time);
    expect(report).toMatchObject({ accepted: 1, duplicates: 1, rejected: [], failed: [] });
    expect(await emittedEvents(profileId)).toHaveLength(1);
  });

  it('records a PutEvents the SDK resent once', async () => {
    // Prepare: an attempt that published once, its entry taken twice under two ids
    const profileId = 'c-emit-sdk-resend';
    const input = await emitInput(profileId);
    const entry = await publishedOnce(input);

    // Act
    const report = await harness.ingest([delivered(entry), delivered(entry)]);

    // Assess
    expect(report).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await emittedEvents(profileId)).toHaveLength(1);
  });

  it('keeps the events of two executions apart', async () => {
    // Prepare: one customer, the same step at the same time in two executions
    const profileId = 'c-emit-two-executions';
    const input = await emitInput(profileId);
    const otherExecution = {
      ...input,
      journey: { ...input.journey, execution: `${input.journey.execution}-2` },
    };
    const published: OutgoingEvent[] = [];
    const publish: PublishEvents = async (entries) => void published.push(...entries);
    await emitStep(input, { ...harness.stepDeps, publish });
    await emitStep(otherExecution, { ...harness.stepDeps, publish });

    // Act
    const report = await harness.ingest(published.map(delivered));

    // Assess
    expect(report).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await emittedEvents(profileId)).toHaveLength(2);
  });

  it('keeps the events of two emit steps of one execution apart', async () => {
    // Prepare: a bundle where a second step publishes the same event as the onboarding's emit
    // step (the example has one), and that event as each step's would arrive
    const input = await emitInput('c-emit-two-steps');
    const entry = await publishedOnce(input);
    const onboarding = harness.bundle.scenarios['saas-onboarding'];
    const emitted = onboarding?.manifest.emits[input.step];
    if (onboarding === undefined || emitted === undefined) throw new Error('no emit step in saas-onboarding');
    const bundle = {
      ...harness.bundle,
      scenarios: {
        ...harness.bundle.scenarios,
        'saas-onboarding': {
          ...onboarding,
          manifest: {
            ...onboarding.manifest,
            emits: { ...onboarding.manifest.emits, 'second-emit': emitted },
          },
        },
      },
    };
    const first = delivered(entry);
    const detail = { ...first.detail, origin: { ...Object(first.detail.origin), step: 'second-emit' } };
    const second = { ...delivered(entry), detail };

    // Act
    const ids = [withEmittedIdentity(first, bundle).id, withEmittedIdentity(second, bundle).id];

    // Assess: each known by its origin, and the two origins apart
    expect(ids).toEqual([
      emittedEventId({ scenario: 'saas-onboarding', execution: input.journey.execution, step: input.step }),
      emittedEventId({
        scenario: 'saas-onboarding',
        execution: input.journey.execution,
        step: 'second-emit',
      }),
    ]);
    expect(new Set(ids).size).toBe(2);
  });

  it('keeps its own id for an app event that claims an origin under a source no emit step uses', async () => {
    // Prepare: two app events, each under its own id, whose detail names the same origin
    const profileId = 'c-emit-forged-origin';
    const input = await emitInput(profileId);
    const origin = { scenario: 'saas-onboarding', step: input.step, execution: input.journey.execution };
    const forged = (): EventEnvelope => ({
      id: randomUUID(),
      source: 'app',
      'detail-type': 'onboarding.completed',
      time: '2026-11-23T09:00:00Z',
      detail: { profileId, origin },
    });

    // Act
    const report = await harness.ingest([forged(), forged()]);

    // Assess
    expect(report).toMatchObject({ accepted: 2, duplicates: 0 });
  });
});
