import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { type IngestDeps, ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import type { JourneyRef } from '../../../shared/journeys/journey-input.ts';
import { getJourney } from '../../../shared/journeys/journey-store.ts';
import { waitFor } from '../../../shared/journeys/wait-for.ts';
import { registerWait, waitsOf } from '../../../shared/journeys/waiting-store.ts';
import type { Table } from '../../../shared/store/table.ts';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.ts';
import {
  appEvent,
  enterJourney,
  freshProfileId,
  ingestBundle,
  recordingTasks,
} from '../../helpers/ingest-fixtures.ts';

const ENTERED_AT = '2025-03-05T08:00:00.000Z';

describe('ingest ends and resumes journeys', () => {
  let dynamo: LocalDynamo;
  let table: Table;
  const bundle = ingestBundle();

  beforeAll(async () => {
    dynamo = await startDynalite();
    table = dynamo.table;
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
      { table, bundle, clock },
    );
  }

  function depsAt(time: string): IngestDeps & ReturnType<typeof recordingTasks> & { clock: ManualClock } {
    return { table, bundle, clock: new ManualClock(time), ...recordingTasks() };
  }

  it('marks the journey converted on its goal event and fails its waiting task with Parcours.Converted', async () => {
    // Prepare
    const profileId = freshProfileId();
    const journey = await enterJourney(table, profileId, 'cart', ENTERED_AT);
    const deps = depsAt('2025-03-05T09:00:00Z');
    await waitForAppOpen(journey, 'token-converted', deps.clock);
    const order = appEvent(profileId, 'order.placed', '2025-03-05T08:30:00Z', { total: 20 });

    // Act
    const report = await ingestEvents([order], deps);

    // Assess
    expect(report).toMatchObject({ accepted: 1, converted: 1, resumed: 0 });
    expect((await getJourney(table, journey))?.convertedAt).toBe('2025-03-05T08:30:00Z');
    expect(deps.calls).toEqual([
      { kind: 'fail', token: 'token-converted', error: 'Parcours.Converted', cause: expect.any(String) },
    ]);
    expect(await waitsOf(table, profileId, deps.clock.now())).toEqual([]);
  });

  it('ends a wait registered after its journey converted on the next event of the customer', async () => {
    // Prepare: the race wait-for closes by checking the goal again, replayed by hand here.
    const profileId = freshProfileId();
    const journey = await enterJourney(table, profileId, 'cart', ENTERED_AT);
    const deps = depsAt('2025-03-05T09:00:00Z');
    await ingestEvents([appEvent(profileId, 'order.placed', '2025-03-05T08:30:00Z', { total: 20 })], deps);
    await registerWait(
      table,
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
    expect(report).toMatchObject({ converted: 0, resumed: 0 });
    expect(deps.calls).toEqual([
      { kind: 'fail', token: 'token-late', error: 'Parcours.Converted', cause: expect.any(String) },
    ]);
  });

  it('does not convert on a goal event outside the goal window', async () => {
    // Prepare
    const profileId = freshProfileId();
    const journey = await enterJourney(table, profileId, 'cart', ENTERED_AT);
    const deps = depsAt('2025-03-20T09:00:00Z');
    const lateOrder = appEvent(profileId, 'order.placed', '2025-03-20T08:00:00Z', { total: 20 });

    // Act
    const report = await ingestEvents([lateOrder], deps);

    // Assess
    expect(report.converted).toBe(0);
    expect((await getJourney(table, journey))?.convertedAt).toBeUndefined();
  });

  it('resumes a waiting journey exactly once when two matching events arrive at the same time', async () => {
    // Prepare
    const profileId = freshProfileId();
    const journey = await enterJourney(table, profileId, 'cart', ENTERED_AT);
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
    const journey = await enterJourney(table, profileId, 'cart', ENTERED_AT);
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
    const journey = await enterJourney(table, profileId, 'cart', ENTERED_AT);
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
    const journey = await enterJourney(table, profileId, 'cart', ENTERED_AT);
    const deps = depsAt('2025-03-05T09:00:00Z');
    await waitForAppOpen(journey, 'token-other', deps.clock);
    const viewed = appEvent(profileId, 'page.viewed', '2025-03-05T08:50:00Z');

    // Act
    await ingestEvents([viewed], deps);

    // Assess
    expect(deps.calls).toEqual([]);
    expect((await waitsOf(table, profileId, deps.clock.now())).map(({ token }) => token)).toEqual([
      'token-other',
    ]);
  });

  it('puts the wait back and reports the event failed when Step Functions cannot be reached, so a redelivery resumes it', async () => {
    // Prepare
    const profileId = freshProfileId();
    const journey = await enterJourney(table, profileId, 'cart', ENTERED_AT);
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
      { eventId: open.id, error: 'states.us-east-1.amazonaws.com unreachable' },
    ]);
    expect(retried).toMatchObject({ accepted: 1, duplicates: 0, resumed: 1 });
    expect(deps.calls.map(({ kind, token }) => ({ kind, token }))).toEqual([
      { kind: 'resume', token: 'token-retry' },
    ]);
  });
});
