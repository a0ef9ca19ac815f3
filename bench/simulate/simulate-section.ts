import os from 'node:os';
import { measureAll, medianOf, progress } from '../measure.ts';
import { dynaliteMeasurement } from './dynalite-bench.ts';
import { engineMeasurement } from './engine-bench.ts';
import { abandonedCarts } from './journeys.ts';
import { compiledDefinition } from './project.ts';
import { formatReport } from './report.ts';
import { simulateMeasurement } from './simulate-bench.ts';

/** Enough journeys to compile the hot paths and load every lazy module, without another full run. */
const WARM_UP_JOURNEYS = 200;

/**
 * How fast `parcours simulate` replays abandoned-cart journeys, next to two baselines measured in
 * the same process and run, so the ratios hold on whatever machine runs it: A. the bare Step
 * Functions engine on the same definition; B. dynalite, the store it writes to.
 */
export async function simulateSection(journeys: number, runs: number): Promise<string> {
  const fixture = abandonedCarts(journeys);
  // Another seed, so the warm-up replays other carts than the timed runs.
  const warmUp = abandonedCarts(Math.min(journeys, WARM_UP_JOURNEYS), 1);
  const firstProfile = fixture.profiles[0];
  if (firstProfile === undefined) throw new Error('no profile to store');

  const gcBetweenRuns = typeof Reflect.get(globalThis, 'gc') === 'function';
  progress(`${journeys} journeys, ${runs} runs per measurement, gc between runs: ${gcBetweenRuns}`);
  const loadAtStart = os.loadavg()[0] ?? 0;
  const startedAt = performance.now();
  const simulate = simulateMeasurement(fixture, warmUp);
  const engine = await engineMeasurement(await compiledDefinition(), fixture, warmUp);
  const dynalite = dynaliteMeasurement(firstProfile);
  await measureAll([simulate, engine.measurement, dynalite], runs);

  return formatReport({
    fixture,
    runs,
    warmUpJourneys: warmUp.profiles.length,
    loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? 0 },
    simulate: medianOf(simulate),
    engine: medianOf(engine.measurement),
    engineBuildSeconds: engine.buildSeconds,
    dynalite: medianOf(dynalite),
    totalSeconds: (performance.now() - startedAt) / 1000,
  });
}
