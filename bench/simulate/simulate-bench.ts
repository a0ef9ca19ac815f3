import { simulate } from '../../local/simulate/simulate.ts';
import { type Measurement, measurement, progress, timed } from '../measure.ts';
import { countHttpOperations, type OperationCounter } from './dynamo-ops.ts';
import type { JourneyFixture } from './journeys.ts';
import { PROJECT_DIR, SCENARIO } from './project.ts';

/** How often a long run says it is still going when no event moves (the last day's wake-ups). */
const HEARTBEAT_MS = 30_000;

/**
 * simulate() exactly as `parcours simulate` calls it: platform start, profile loading, the
 * replay and the report are all inside the timed span, since that is what a user waits for.
 * The DynamoDB requests of every timed run are counted, to relate simulate to baseline B.
 */
export function simulateMeasurement(fixture: JourneyFixture, warmUp: JourneyFixture): Measurement {
  const journeys = fixture.profiles.length;
  return measurement({
    label: `simulate, ${journeys} journeys`,
    warmUp: () => replay(warmUp, undefined),
    run: async () => {
      const operations = countHttpOperations();
      try {
        const { value, seconds } = await timed(() => replay(fixture, operations));
        const { report, setupSeconds } = value;
        const total = report.totals.find((row) => row.scenario === SCENARIO);
        // A journey that failed or never started would make the rate look better than it is.
        if (total?.journeys !== journeys)
          throw new Error(`expected ${journeys} journeys, the report has ${total?.journeys ?? 0}`);
        const failed = report.executions.filter((execution) => execution.status === 'failed').length;
        if (failed > 0) throw new Error(`${failed} journeys failed`);
        return {
          units: journeys,
          seconds,
          figures: {
            ...prefixed('op:', operations.counts()),
            ...prefixed('sent:', total.sent),
            converted: total.converted,
            skipped: total.skipped,
            transitions: total.transitions,
            setupSeconds,
          },
        };
      } finally {
        operations.stop();
      }
    },
  });
}

/**
 * One simulate() call, with progress on stderr, telling when the first event was replayed: the
 * platform has started and the profiles are loaded by then.
 */
async function replay(fixture: JourneyFixture, operations: OperationCounter | undefined) {
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;
  const total = fixture.events.length;
  // A tenth of the way at a time: enough to see a long run move, without flooding stderr.
  const step = Math.max(1, Math.ceil(total / 10));
  let done = 0;
  let setupSeconds = Number.NaN;
  const heartbeat = setInterval(() => {
    const counted = operations === undefined ? '' : `, ${operations.total()} DynamoDB operations so far`;
    progress(`  ${elapsed().toFixed(0)} s: ${done}/${total} events replayed${counted}`);
  }, HEARTBEAT_MS);
  try {
    const report = await simulate({
      projectDir: PROJECT_DIR,
      events: fixture.events,
      profiles: fixture.profiles,
      only: [SCENARIO],
      onProgress: (replayed) => {
        done = replayed;
        if (replayed === 1) setupSeconds = elapsed();
        if (replayed % step === 0)
          progress(`  ${replayed}/${total} events replayed, ${elapsed().toFixed(1)} s`);
      },
    });
    return { report, setupSeconds };
  } finally {
    clearInterval(heartbeat);
  }
}

function prefixed(prefix: string, counts: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([key, count]) => [`${prefix}${key}`, count]));
}
