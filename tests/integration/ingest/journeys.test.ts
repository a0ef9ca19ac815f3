import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Platform, startPlatform } from '../../../local/platform/local-platform.ts';
import { buildProject } from '../../../local/platform/project-build.ts';
import { ScaledTime } from '../../../local/runtime/time.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';
import type { IngestDeps } from '../../../shared/ingest/apply-events.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { startTriggeredJourneys } from '../../../shared/ingest/start-triggered-journeys.ts';
import { entryOutcomeOf, entryOutcomesOf } from '../../../shared/journeys/entry-outcomes.ts';
import type { JourneyRef } from '../../../shared/journeys/journey-input.ts';
import { getJourney } from '../../../shared/journeys/journey-store.ts';
import type { StartExecution } from '../../../shared/journeys/start-journey.ts';
import { waitFor } from '../../../shared/journeys/wait-for.ts';
import { registerWait, waitsOf } from '../../../shared/journeys/waiting-store.ts';
import { memorySink } from '../../../shared/outcomes/outcome-fact.ts';
import { updateProfile } from '../../../shared/profiles/store.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.ts';
import {
  appEvent,
  enterJourney,
  freshProfileId,
  ingestBundle,
  recordingTasks,
} from '../../helpers/ingest-fixtures.ts';
import { useProjectFixtures } from '../../helpers/project-fixture.ts';

const ENTERED_AT = '2025-03-05T08:00:00.000Z';

describe('ingest ends and resumes journeys', () => {
  let dynamo: LocalDynamo;
  let store: ItemStore;
  const bundle = ingestBundle();

  beforeAll(async () => {
    dynamo = await startDynalite();
    store = dynamo.store;
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  /** Puts the journey on its `opened` wait-for step, as the compiled Task does. */
  async function waitForAppOpen(journey: JourneyRef, token: string, clock: ManualClock): Promise<void> {
    await waitFor(
      {
        step: 'opened',
        journey,
        token,
        event: { 'detail-type': ['app.opened'] },
        timeoutSeconds: 2 * 86_400,
      },
      { store, bundle, clock },
    );
  }

  function depsAt(time: string): IngestDeps & ReturnType<typeof recordingTasks> & { clock: ManualClock } {
    return { store, bundle, clock: new ManualClock(time), ...recordingTasks() };
  }

  it('marks the journey converted on its goal event and fails its waiting task with Parcours.Converted', async () => {
    // Prepare
    const profileId = freshProfileId();
    const journey = await enterJourney(store, profileId, 'cart', ENTERED_AT);
    const deps = depsAt('2025-03-05T09:00:00Z');
    await waitForAppOpen(journey, 'token-converted', deps.clock);
    const order = appEvent(profileId, 'order.placed', '2025-03-05T08:30:00Z', { total: 20 });

    // Act
    const report = await ingestEvents([order], deps);

    // Assess
    expect(report).toMatchObject({ accepted: 1, resumed: 0 });
    expect(report.conversions).toEqual([{ scenario: 'cart', program: 'conversion' }]);
    expect((await getJourney(store, journey))?.convertedAt).toBe('2025-03-05T08:30:00Z');
    expect(deps.calls).toEqual([
      { kind: 'fail', token: 'token-converted', error: 'Parcours.Converted', cause: expect.any(String) },
    ]);
    expect(await waitsOf(store, profileId, deps.clock.now())).toEqual([]);
  });

  it('ends a wait registered after its journey converted on the next event of the customer', async () => {
    // Prepare: the race wait-for closes by checking the goal again, replayed by hand here.
    const profileId = freshProfileId();
    const journey = await enterJourney(store, profileId, 'cart', ENTERED_AT);
    const deps = depsAt('2025-03-05T09:00:00Z');
    await ingestEvents([appEvent(profileId, 'order.placed', '2025-03-05T08:30:00Z', { total: 20 })], deps);
    await registerWait(
      store,
      {
        journey,
        step: 'opened',
        token: 'token-late',
        pattern: { 'detail-type': ['app.opened'] },
        timeoutSeconds: 60,
      },
      deps.clock.now(),
    );

    // Act
    const report = await ingestEvents([appEvent(profileId, 'page.viewed', '2025-03-05T08:50:00Z')], deps);

    // Assess
    expect(report).toMatchObject({ conversions: [], resumed: 0 });
    expect(deps.calls).toEqual([
      { kind: 'fail', token: 'token-late', error: 'Parcours.Converted', cause: expect.any(String) },
    ]);
  });

  it('converts by the earliest order when an earlier one arrives later, counting the conversion once', async () => {
    // Prepare: the 09:30 order arrives first; the 08:30 one, sent late by the app, after it.
    const profileId = freshProfileId();
    const journey = await enterJourney(store, profileId, 'cart', ENTERED_AT);
    const deps = depsAt('2025-03-05T10:00:00Z');
    await ingestEvents([appEvent(profileId, 'order.placed', '2025-03-05T09:30:00Z', { total: 40 })], deps);

    // Act
    const late = await ingestEvents(
      [appEvent(profileId, 'order.placed', '2025-03-05T08:30:00Z', { total: 20 })],
      deps,
    );

    // Assess
    expect(late).toMatchObject({ accepted: 1, conversions: [] });
    expect(await getJourney(store, journey)).toMatchObject({ convertedAt: '2025-03-05T08:30:00Z' });
    const conversions = deps.facts.facts.filter((fact) => fact.kind === 'conversion');
    expect(conversions.map((fact) => [fact.id, fact.occurred_at])).toEqual([
      [`conversion:${journey.execution}`, '2025-03-05T09:30:00.000Z'],
      [`conversion:${journey.execution}`, '2025-03-05T08:30:00.000Z'],
    ]);
  });

  it('does not convert on a goal event outside the goal window', async () => {
    // Prepare
    const profileId = freshProfileId();
    const journey = await enterJourney(store, profileId, 'cart', ENTERED_AT);
    const deps = depsAt('2025-03-20T09:00:00Z');
    const lateOrder = appEvent(profileId, 'order.placed', '2025-03-20T08:00:00Z', { total: 20 });

    // Act
    const report = await ingestEvents([lateOrder], deps);

    // Assess
    expect(report.conversions).toEqual([]);
    expect((await getJourney(store, journey))?.convertedAt).toBeUndefined();
  });

  it('resumes a waiting journey exactly once when two matching events arrive at the same time', async () => {
    // Prepare
    const profileId = freshProfileId();
    const journey = await enterJourney(store, profileId, 'cart', ENTERED_AT);
    const deps = depsAt('2025-03-05T09:00:00Z');
    await waitForAppOpen(journey, 'token-resume', deps.clock);
    const opens = [
      appEvent(profileId, 'app.opened', '2025-03-05T08:40:00Z', {}, 'app'),
      appEvent(profileId, 'app.opened', '2025-03-05T08:41:00Z', {}, 'app'),
    ];

    // Act
    const reports = await Promise.all(opens.map((open) => ingestEvents([open], deps)));

    // Assess
    expect(reports.reduce((sum, report) => sum + report.resumed, 0)).toBe(1);
    expect(deps.calls).toHaveLength(1);
    const [call] = deps.calls;
    expect(call).toMatchObject({ kind: 'resume', token: 'token-resume' });
    const possibleOutputs = opens.map((open) => ({
      eventId: open.id,
      detailType: 'app.opened',
      time: open.time,
    }));
    expect(possibleOutputs).toContainEqual(call?.kind === 'resume' ? call.output : undefined);
  });

  it('resumes once when the same matching event is delivered twice at the same time', async () => {
    // Prepare
    const profileId = freshProfileId();
    const journey = await enterJourney(store, profileId, 'cart', ENTERED_AT);
    const deps = depsAt('2025-03-05T09:00:00Z');
    await waitForAppOpen(journey, 'token-twice', deps.clock);
    const open = appEvent(profileId, 'app.opened', '2025-03-05T08:40:00Z', {}, 'app');

    // Act
    await Promise.all([ingestEvents([open], deps), ingestEvents([open], deps)]);

    // Assess
    expect(deps.calls.map(({ kind, token }) => ({ kind, token }))).toEqual([
      { kind: 'resume', token: 'token-twice' },
    ]);
  });

  it('ignores a wait whose timeout has passed', async () => {
    // Prepare
    const profileId = freshProfileId();
    const journey = await enterJourney(store, profileId, 'cart', ENTERED_AT);
    const deps = depsAt('2025-03-05T09:00:00Z');
    await waitForAppOpen(journey, 'token-expired', deps.clock);
    deps.clock.advance(2 * 86_400_000 + 1000);
    const open = appEvent(profileId, 'app.opened', '2025-03-07T09:00:02Z', {}, 'app');

    // Act
    const report = await ingestEvents([open], deps);

    // Assess
    expect(report).toMatchObject({ accepted: 1, resumed: 0 });
    expect(deps.calls).toEqual([]);
  });

  it('leaves a wait alone when the event does not match its pattern', async () => {
    // Prepare
    const profileId = freshProfileId();
    const journey = await enterJourney(store, profileId, 'cart', ENTERED_AT);
    const deps = depsAt('2025-03-05T09:00:00Z');
    await waitForAppOpen(journey, 'token-other', deps.clock);
    const viewed = appEvent(profileId, 'page.viewed', '2025-03-05T08:50:00Z');

    // Act
    await ingestEvents([viewed], deps);

    // Assess
    expect(deps.calls).toEqual([]);
    expect((await waitsOf(store, profileId, deps.clock.now())).map(({ token }) => token)).toEqual([
      'token-other',
    ]);
  });

  it('puts the wait back and reports the event failed when Step Functions cannot be reached, so a redelivery resumes it', async () => {
    // Prepare
    const profileId = freshProfileId();
    const journey = await enterJourney(store, profileId, 'cart', ENTERED_AT);
    const deps = depsAt('2025-03-05T09:00:00Z');
    await waitForAppOpen(journey, 'token-retry', deps.clock);
    const open = appEvent(profileId, 'app.opened', '2025-03-05T08:40:00Z', {}, 'app');
    const unreachable = {
      ...deps,
      resumeTask: async () => {
        throw new Error('states.us-east-1.amazonaws.com unreachable');
      },
    };

    // Act
    const failed = await ingestEvents([open], unreachable);
    const retried = await ingestEvents([open], deps);

    // Assess
    expect(failed.failed).toEqual([
      { eventId: open.id, profileId, error: 'states.us-east-1.amazonaws.com unreachable' },
    ]);
    expect(retried).toMatchObject({ accepted: 0, recovered: 1, duplicates: 0, resumed: 1 });
    expect(deps.calls.map(({ kind, token }) => ({ kind, token }))).toEqual([
      { kind: 'resume', token: 'token-retry' },
    ]);
  });
});

describe('ingest starts the journeys an event triggers, after applying it', () => {
  const { copyExamples } = useProjectFixtures();
  const VIP_SCENARIO = [
    'id: vip-welcome',
    'name: Welcome new VIPs',
    'program: activation',
    'stage: activation',
    'trigger:',
    '  source: [app]',
    '  detail-type: [profile.updated]',
    'entry:',
    '  reentry: never',
    '  when: { profile: tier, equals: vip }',
    'steps:',
    '  - id: vip-hello',
    '    send: email',
    '    template: get-the-app',
    '',
  ].join('\n');

  // One platform for the block: the examples plus a scenario whose entry condition reads what its
  // own trigger event sets. Each test uses its own customers.
  let platform: Platform;
  const started: string[] = [];
  beforeAll(async () => {
    const project = await copyExamples();
    await project.write('vip-welcome.yaml', VIP_SCENARIO);
    platform = await startPlatform({
      project: await buildProject(project.dir),
      time: new ScaledTime(1),
      busPort: 0,
      onExecution: (record, change) => {
        if (change === 'started') started.push(record.name);
      },
    });
  });
  afterAll(async () => {
    await platform.stop();
  });

  function tierChange(profileId: string, tier: string, time: string) {
    return appEvent(profileId, 'profile.updated', time, { traits: { tier } }, 'app');
  }

  /** A start port that records each StartExecution name, as Step Functions would deduplicate them. */
  function countingStarts() {
    const names: string[] = [];
    const startExecution: StartExecution = async ({ name }) => {
      names.push(name);
    };
    return { names, startExecution, distinct: () => new Set(names).size, facts: memorySink() };
  }

  it('on the local platform, starts the journey whose entry condition reads the profile its trigger changed', async () => {
    // Prepare
    const vip = freshProfileId();
    const regular = freshProfileId();
    const becameVip = tierChange(vip, 'vip', new Date().toISOString());
    const stayedRegular = tierChange(regular, 'regular', new Date().toISOString());

    // Act: through the bus, as an app publishes
    await platform.bus.publish(becameVip);
    await platform.bus.publish(stayedRegular);

    // Assess: the outcome of each trigger is recorded and readable, with its reason
    const outcomeOf = (event: typeof becameVip) =>
      vi.waitFor(
        async () => {
          const found = await entryOutcomeOf(
            platform.store,
            { profileId: event.detail.profileId, eventId: event.id, scenario: 'vip-welcome' },
            new Date(),
          );
          if (found === undefined) throw new Error(`no entry outcome yet for ${event.id}`);
          return found;
        },
        { timeout: 5_000, interval: 20 },
      );
    const entered = await outcomeOf(becameVip);
    const refused = await outcomeOf(stayedRegular);
    expect(entered).toMatchObject({ outcome: 'started', eventType: 'profile.updated' });
    expect(refused).toMatchObject({
      outcome: 'skipped',
      reason: 'not-eligible',
      detail: expect.stringContaining('tier'),
    });
    await vi.waitFor(() => expect(started).toContain(entered.outcome === 'started' ? entered.execution : ''));
    expect(started.filter((name) => name.startsWith(regular))).toEqual([]);
    expect((await entryOutcomesOf(platform.store, vip, new Date())).map((entry) => entry.scenario)).toEqual([
      'vip-welcome',
    ]);
  });

  it('starts exactly one journey when the same event is ingested twice', async () => {
    // Prepare
    const starts = countingStarts();
    const deps = {
      store: platform.store,
      bundle: platform.bundle,
      clock: new ManualClock(new Date().toISOString()),
      ...recordingTasks(),
      ...starts,
    };
    const event = tierChange(freshProfileId(), 'vip', new Date().toISOString());

    // Act
    const first = await ingestEvents([event], deps);
    const second = await ingestEvents([event], deps);

    // Assess
    expect(first.entries).toEqual([expect.objectContaining({ scenario: 'vip-welcome', outcome: 'started' })]);
    expect(second.duplicates).toBe(1);
    expect(starts.names).toHaveLength(1);
  });

  it('finishes a start interrupted before StartExecution on redelivery, starting it once', async () => {
    // Prepare: the first delivery dies between the journey record and StartExecution
    const starts = countingStarts();
    const clock = new ManualClock(new Date().toISOString());
    const base = { store: platform.store, bundle: platform.bundle, clock, ...recordingTasks() };
    const event = tierChange(freshProfileId(), 'vip', new Date().toISOString());
    const crashing: StartExecution = async () => {
      throw new Error('process killed before StartExecution');
    };

    // Act
    const crashed = await ingestEvents([event], { ...base, startExecution: crashing });
    const redelivered = await ingestEvents([event], { ...base, ...starts });

    // Assess
    expect(crashed.failed).toEqual([
      expect.objectContaining({ eventId: event.id, error: expect.stringContaining(event.id) }),
    ]);
    expect(redelivered.entries).toEqual([expect.objectContaining({ outcome: 'started' })]);
    expect(starts.names).toHaveLength(1);
    expect(
      await entryOutcomeOf(
        platform.store,
        { ...event.detail, eventId: event.id, scenario: 'vip-welcome' },
        clock.now(),
      ),
    ).toMatchObject({ outcome: 'started' });
  });

  it('keeps the decision of a start interrupted after StartExecution, even once the profile has changed', async () => {
    // Prepare: the first delivery starts the execution, then dies before recording the outcome;
    // a later event makes the customer regular again before the redelivery
    const starts = countingStarts();
    const clock = new ManualClock(new Date().toISOString());
    const base = { bundle: platform.bundle, clock, ...recordingTasks(), ...starts };
    const profileId = freshProfileId();
    const event = tierChange(profileId, 'vip', '2026-01-01T10:00:00Z');
    const later = tierChange(profileId, 'regular', '2026-01-01T11:00:00Z');

    // Act
    const crashed = await ingestEvents([event], { ...base, store: failingOutcomeWrites(platform.store) });
    await ingestEvents([later], { ...base, store: platform.store });
    const redelivered = await ingestEvents([event], { ...base, store: platform.store });

    // Assess: one execution name for the trigger, the same one started twice (Step Functions
    // answers the second with ExecutionAlreadyExists), and the outcome is the first decision
    expect(crashed.failed).toHaveLength(1);
    expect(redelivered.entries).toEqual([expect.objectContaining({ eventId: event.id, outcome: 'started' })]);
    expect(starts.names).toHaveLength(2);
    expect(starts.distinct()).toBe(1);
    expect(
      await entryOutcomeOf(
        platform.store,
        { profileId, eventId: later.id, scenario: 'vip-welcome' },
        clock.now(),
      ),
    ).toMatchObject({ outcome: 'skipped', reason: 'not-eligible' });
  });

  it('answers a second run for the same event with the recorded outcome, whatever the profile reads now', async () => {
    // Prepare: the customer was not eligible when the event was handled
    const starts = countingStarts();
    const clock = new ManualClock(new Date().toISOString());
    const deps = { store: platform.store, bundle: platform.bundle, clock, ...starts };
    const profileId = freshProfileId();
    const event = tierChange(profileId, 'regular', clock.now().toISOString());
    const first = await startTriggeredJourneys(event, false, deps);
    await updateProfile(
      platform.store,
      profileId,
      (current) => ({ ...current, attributes: { ...current.attributes, tier: 'vip' } }),
      clock.now(),
    );

    // Act: a redelivery of the event, found unfinished
    const second = await startTriggeredJourneys(event, true, deps);

    // Assess
    expect(first).toEqual([expect.objectContaining({ outcome: 'skipped', reason: 'not-eligible' })]);
    expect(second).toEqual(first);
    expect(starts.names).toEqual([]);
  });

  it('records a scenario left out of the run as not started, and why', async () => {
    // Prepare
    const starts = countingStarts();
    const clock = new ManualClock(new Date().toISOString());
    const event = tierChange(freshProfileId(), 'vip', clock.now().toISOString());

    // Act
    const outcomes = await startTriggeredJourneys(event, false, {
      store: platform.store,
      bundle: platform.bundle,
      clock,
      ...starts,
      entryScenarios: new Set(['abandoned-cart']),
    });

    // Assess
    expect(outcomes).toEqual([expect.objectContaining({ outcome: 'skipped', reason: 'scenario-filtered' })]);
    expect(starts.names).toEqual([]);
  });
});

/** The store, except that the first write of an entry outcome fails as if the process died there. */
function failingOutcomeWrites(store: ItemStore): ItemStore {
  let failed = false;
  return {
    ...store,
    put: (item, options) => {
      if (!failed && item.sk.startsWith('ENTRY#')) {
        failed = true;
        return Promise.reject(new Error('process killed before the entry outcome was written'));
      }
      return store.put(item, options);
    },
  };
}
