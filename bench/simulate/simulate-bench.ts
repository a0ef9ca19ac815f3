import { simulate } from '../../local/simulate/simulate.ts';
import { type Measurement, measurement, progress, timed } from '../measure.ts';
import type { JourneyFixture } from './journeys.ts';
import { PROJECT_DIR, SCENARIO } from './project.ts';

/** How often a long run says it is still going when no event moves (the last day's wake-ups). */
const HEARTBEAT_MS = 30_000;

export type SimulateStore = 'memory' | 'dynalite';

/**
 * simulate() exactly as `parcours simulate` calls it: platform start, profile loading, the
 * replay and the report are all inside the timed span, since that is what a user waits for.
 * `store` is the store it runs on: memory (what `simulate` uses) or dynalite (what it used before).
 * The last report is kept, so two stores' reports of the same input can be compared.
 */
export function simulateMeasurement(
  fixture: JourneyFixture,
  warmUp: JourneyFixture,
  store: SimulateStore,
  workers: number,
): Measurement & { readonly lastReport: () => string | undefined } {
  const journeys = fixture.profiles.length;
  let lastReport: string | undefined;
  const measured = measurement({
    label: `simulate on ${store}, ${workers} worker${workers === 1 ? '' : 's'}, ${journeys} journeys`,
    warmUp: () => replay(warmUp, store, workers),
    run: async () => {
      const { value, seconds } = await timed(() => replay(fixture, store, workers));
      const { report, setupSeconds } = value;
      const total = report.totals.find((row) => row.scenario === SCENARIO);
      // A journey that failed or never started would make the rate look better than it is.
      if (total?.journeys !== journeys)
        throw new Error(`expected ${journeys} journeys, the report has ${total?.journeys ?? 0}`);
      const failed = report.executions.filter((execution) => execution.status === 'failed').length;
      if (failed > 0) throw new Error(`${failed} journeys failed`);
      lastReport = JSON.stringify(report);
      return {
        units: journeys,
        seconds,
        figures: {
          ...prefixed('sent:', total.sent),
          converted: total.converted,
          skipped: total.skipped,
          transitions: total.transitions,
          setupSeconds,
        },
      };
    },
  });
  return { ...measured, lastReport: () => lastReport };
}

/**
 * One simulate() call, with progress on stderr, telling when the first event was replayed: the
 * platform has started and the profiles are loaded by then.
 */
async function replay(fixture: JourneyFixture, store: SimulateStore, workers: number) {
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;
  const total = fixture.events.length;
  // A tenth of the way at a time: enough to see a long run move, without flooding stderr.
  const step = Math.max(1, Math.ceil(total / 10));
  let done = 0;
  let setupSeconds = Number.NaN;
  const heartbeat = setInterval(() => {
    progress(`  ${elapsed().toFixed(0)} s: ${done}/${total} events replayed on ${store}`);
  }, HEARTBEAT_MS);
  try {
    const report = await simulate({
      projectDir: PROJECT_DIR,
      events: fixture.events,
      profiles: fixture.profiles,
      only: [SCENARIO],
      store,
      workers,
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
