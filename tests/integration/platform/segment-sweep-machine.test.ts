import { describe, expect, it } from 'vitest';
import { createSweepHandler } from '../../../functions/sweep/handler.ts';
import { lambdaContext } from '../../../local/platform/local-functions.ts';
import { buildProject } from '../../../local/platform/project-build.ts';
import { Activity } from '../../../local/runtime/activity.ts';
import { ExecutionRunner } from '../../../local/runtime/execution-runner.ts';
import { localFunctionArn } from '../../../local/runtime/local-definition.ts';
import { VirtualTime } from '../../../local/runtime/time.ts';
import { seedProfiles } from '../../../local/simulate/seed-profiles.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import type { StartExecution } from '../../../shared/journeys/start-journey.ts';
import { createLogger } from '../../../shared/observability/logger.ts';
import { createMetrics } from '../../../shared/observability/metrics.ts';
import { memorySink } from '../../../shared/outcomes/outcome-fact.ts';
import { Profile } from '../../../shared/profiles/profile.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';
import { keys } from '../../../shared/store/keys.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';
import { placeholder, substitute } from '../../../state-machines/compiler/resources.ts';
import { compileSweep, SWEEP_SUBSTITUTION } from '../../../state-machines/compiler/sweep-definition.ts';
import { emfRecordsWhile } from '../../helpers/emf.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';

const { bundle } = await buildProject(EXAMPLES_DIR);

/**
 * What Scheduler starts at 09:00 in Paris on 2 November: the sweep's state machine, run to its end,
 * and the scan segments its function was called for.
 */
async function sweepOn(store: ItemStore, time: VirtualTime, startExecution: StartExecution) {
  const segments = new Set<unknown>();
  const sweep = createSweepHandler(
    {
      store,
      bundle,
      clock: time,
      facts: memorySink(),
      startExecution,
      resumeTask: async () => undefined,
      failTask: async () => undefined,
    },
    { logger: createLogger('sweep', 'ERROR'), metrics: createMetrics('sweep') },
  );
  const arn = localFunctionArn('sweep');
  const runner = new ExecutionRunner({
    time,
    activity: new Activity(false),
    functions: {
      [arn]: (input) => {
        segments.add(typeof input === 'object' && input !== null ? Reflect.get(input, 'segment') : undefined);
        return sweep(input, lambdaContext('sweep'));
      },
    },
  });
  const record = await runner.start(
    {
      id: 'segment-sweep',
      definition: substitute(compileSweep(), new Map([[placeholder(SWEEP_SUBSTITUTION), arn]])),
      outcomes: {},
    },
    'segment-sweep/2026-11-02',
    { scheduledTime: '2026-11-02T08:00:00Z' },
  );
  return { record, segments };
}

describe('the segment sweep’s state machine', () => {
  it('runs on the local engine: the Map sweeps every scan segment, and a lapsed customer starts win-back', async () => {
    // Prepare: luc's last order is 61 days old, mia's 10 days; 300 others with no order.
    const time = new VirtualTime(new Date('2026-11-02T08:00:00Z'));
    const store = memoryItemStore();
    const others = Array.from({ length: 300 }, (_, index) => `p${index}`);
    await seedProfiles(
      store,
      ['luc', 'mia', ...others].map((profileId) =>
        Profile.parse({ profileId, email: `${profileId}@example.com` }),
      ),
      time.now(),
    );
    const facts = memorySink();
    const started: string[] = [];
    const startExecution: StartExecution = async ({ scenario, input }) =>
      void started.push(`${scenario} ${input.journey.profileId}`);
    const deps = {
      store,
      bundle,
      clock: time,
      facts,
      startExecution,
      resumeTask: async () => undefined,
      failTask: async () => undefined,
    };
    // Each order is ingested when it happens, so the segments it moves are those of that day.
    for (const order of [
      {
        id: 'o-luc',
        source: 'shop',
        'detail-type': 'order.placed',
        time: '2026-09-02T07:00:00Z',
        detail: { profileId: 'luc', total: 80 },
      },
      {
        id: 'o-mia',
        source: 'shop',
        'detail-type': 'order.placed',
        time: '2026-10-23T07:00:00Z',
        detail: { profileId: 'mia', total: 80 },
      },
    ])
      await ingestEvents([order], { ...deps, clock: new ManualClock(order.time) });
    expect(started).toEqual([]);

    // Act
    let swept: Awaited<ReturnType<typeof sweepOn>> | undefined;
    const metrics = await emfRecordsWhile(async () => {
      swept = await sweepOn(store, time, startExecution);
    });
    if (swept === undefined) throw new Error('the sweep did not run');
    const { record, segments } = swept;

    // Assess
    expect(record.status).toBe('completed');
    expect(record.error).toBeUndefined();
    expect(started).toEqual(['win-back luc']);
    // The journey it started is counted as ingest counts one, for win-back's program dashboard.
    const journeysStarted = metrics.filter((emf) =>
      emf._aws.CloudWatchMetrics[0]?.Metrics.some((metric) => metric.Name === 'JourneysStarted'),
    );
    expect(journeysStarted).toEqual([
      expect.objectContaining({ service: 'sweep', scenario: 'win-back', JourneysStarted: 1 }),
    ]);
    // Every one of the 64 scan segments was swept.
    expect([...segments].sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 64 }, (_, n) => n),
    );
  });

  it('fails, naming the customer, when one cannot be swept, after the segment’s retries', async () => {
    // Prepare: bea's profile cannot be read.
    const time = new VirtualTime(new Date('2026-11-02T08:00:00Z'));
    const inner = memoryItemStore();
    await seedProfiles(
      inner,
      ['ada', 'bea'].map((profileId) => Profile.parse({ profileId, email: `${profileId}@example.com` })),
      time.now(),
    );
    const failing = keys.profile('bea');
    const store: ItemStore = {
      ...inner,
      get: (key, options) =>
        key.pk === failing.pk && key.sk === failing.sk
          ? Promise.reject(new Error('ProvisionedThroughputExceededException'))
          : inner.get(key, options),
    };

    // Act
    const { record } = await sweepOn(store, time, async () => undefined);

    // Assess
    expect(record.status).toBe('failed');
    expect(record.error).toContain('segment sweep 2026-11-02');
    expect(record.error).toContain('1 customer(s) failed: bea (ProvisionedThroughputExceededException)');
  });
});
