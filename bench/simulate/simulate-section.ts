import os from 'node:os';
import { measureAll, medianOf, progress } from '../measure.ts';
import { engineMeasurement } from './engine-bench.ts';
import { abandonedCarts } from './journeys.ts';
import { compiledDefinition } from './project.ts';
import { formatReport } from './report.ts';
import { simulateMeasurement } from './simulate-bench.ts';

/** Enough journeys to compile the hot paths and load every lazy module, without another full run. */
const WARM_UP_JOURNEYS = 200;

/**
 * How fast `parcours simulate` replays abandoned-cart journeys on its in-memory store, next to
 * A. the bare Step Functions engine on the same definition, measured in the same process and run
 * so the ratio holds on whatever machine runs it. On a smaller input (`compareJourneys`), the
 * same simulation on dynalite, the store it ran on before: the two reports must be identical,
 * byte for byte, and the ratio of their rates is the store's share of the speed-up.
 */
export async function simulateSection(
  journeys: number,
  runs: number,
  compareJourneys: number,
): Promise<string> {
  const fixture = abandonedCarts(journeys);
  const compared = abandonedCarts(Math.min(journeys, compareJourneys), 2);
  // Another seed, so the warm-up replays other carts than the timed runs.
  const warmUp = abandonedCarts(Math.min(journeys, WARM_UP_JOURNEYS), 1);

  const gcBetweenRuns = typeof Reflect.get(globalThis, 'gc') === 'function';
  progress(`${journeys} journeys, ${runs} runs per measurement, gc between runs: ${gcBetweenRuns}`);
  const loadAtStart = os.loadavg()[0] ?? 0;
  const startedAt = performance.now();
  // Every core, as `simulate` uses them on a large input.
  const simulate = simulateMeasurement(fixture, warmUp, 'memory', os.availableParallelism());
  const engine = await engineMeasurement(await compiledDefinition(), fixture, warmUp);
  await measureAll([simulate, engine.measurement], runs);

  progress(`${compared.profiles.length} journeys on both stores, once each, to compare their reports`);
  const onMemory = simulateMeasurement(compared, warmUp, 'memory', 1);
  const onDynalite = simulateMeasurement(compared, warmUp, 'dynalite', 1);
  await measureAll([onMemory, onDynalite], 1);
  const [memoryReport, dynaliteReport] = [onMemory.lastReport(), onDynalite.lastReport()];
  if (memoryReport === undefined || memoryReport !== dynaliteReport)
    throw new Error('simulate gave different reports on memory and on dynalite for the same input');

  return formatReport({
    fixture,
    runs,
    warmUpJourneys: warmUp.profiles.length,
    loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? 0 },
    simulate: medianOf(simulate),
    engine: medianOf(engine.measurement),
    engineBuildSeconds: engine.buildSeconds,
    stores: {
      journeys: compared.profiles.length,
      memory: medianOf(onMemory),
      dynalite: medianOf(onDynalite),
      reportBytes: Buffer.byteLength(memoryReport),
    },
    totalSeconds: (performance.now() - startedAt) / 1000,
  });
}
