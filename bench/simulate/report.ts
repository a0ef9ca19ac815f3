import os from 'node:os';
import { fixed, int, machineLine, megabytes, table } from '../format.ts';
import { type Measured, rate } from '../measure.ts';
import type { JourneyFixture } from './journeys.ts';
import { SCENARIO } from './project.ts';

export type BenchResults = {
  readonly fixture: JourneyFixture;
  readonly runs: number;
  readonly warmUpJourneys: number;
  /** One-minute load averages: above the CPU count, other processes competed for the cores. */
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly simulate: Measured;
  readonly engine: Measured;
  readonly engineBuildSeconds: number;
  /** The same smaller input simulated once on each store; their reports were identical. */
  readonly stores: {
    readonly journeys: number;
    readonly memory: Measured;
    readonly dynalite: Measured;
    readonly reportBytes: number;
  };
  readonly totalSeconds: number;
};

/**
 * The targets for a backtest, each a ratio or a figure of one run. Memory per journey is
 * judged by the scale section, which takes out what every run costs whatever its size; here the
 * input is held in memory and each run starts its platforms.
 */
export const TARGETS = { journeysPerSecond: 1000, ofEngine: 0.25, bytesPerJourney: 10 * 1024 } as const;

export const meets = (met: boolean): string => (met ? 'met' : 'not met');

/** The table printed on stdout: absolute figures first, then what they say relative to each other. */
export function formatReport(results: BenchResults): string {
  const { fixture, simulate, engine, stores } = results;
  const journeys = fixture.profiles.length;
  const figures = simulate.median.figures ?? {};
  const sent = Object.entries(figures)
    .filter(([key]) => key.startsWith('sent:'))
    .map(([key, count]) => `${int(count)} ${key.slice('sent:'.length)}`);
  const simulateRate = rate(simulate.median);
  const ofEngine = simulateRate / rate(engine.median);
  const grownBytes = Math.max(0, simulate.median.peakRssBytes - simulate.median.startRssBytes);
  const bytesPerJourney = grownBytes / journeys;

  const lines = [
    `Parcours benchmark: ${SCENARIO}, ${int(journeys)} journeys (${int(fixture.events.length)} events)`,
    machineLine(results.loadAverage),
    `method: one warm-up per measurement (simulate: ${int(results.warmUpJourneys)} journeys), then ` +
      `${results.runs} round${results.runs === 1 ? '' : 's'} of timed runs, interleaved; the median run is shown`,
    `mix: ${int(fixture.mix.smsOptedIn)} opted in to SMS, ${int(fixture.mix.unsubscribed)} unsubscribed ` +
      `from email, ${int(fixture.mix.converting)} placing an order`,
    '',
    table(
      ['measurement', 'rate', 'wall', 'CPU/wall', 'peak RSS (at start)', 'peak heap', 'all runs (/s)'],
      [
        row(
          `simulate(), memory, ${os.availableParallelism()} workers`,
          `${fixed(simulateRate, 1)} journeys/s`,
          simulate,
        ),
        row('A. engine, no-op Tasks', `${int(rate(engine.median))} executions/s`, engine),
        row(
          `simulate(), memory, ${int(stores.journeys)}`,
          `${fixed(rate(stores.memory.median), 1)} journeys/s`,
          stores.memory,
        ),
        row(
          `simulate(), dynalite, ${int(stores.journeys)}`,
          `${fixed(rate(stores.dynalite.median), 1)} journeys/s`,
          stores.dynalite,
        ),
      ],
    ),
    '',
    table(
      ['figure', 'value', 'target', 'meaning'],
      [
        [
          'journeys/s',
          fixed(simulateRate, 1),
          `≥ ${int(TARGETS.journeysPerSecond)}: ${meets(simulateRate >= TARGETS.journeysPerSecond)}`,
          'abandoned-cart journeys simulated per second',
        ],
        [
          'simulate ÷ engine',
          fixed(ofEngine, 4),
          `≥ ${TARGETS.ofEngine}: ${meets(ofEngine >= TARGETS.ofEngine)}`,
          `a simulated journey costs ${fixed(1 / ofEngine, 1)}× a bare engine execution`,
        ],
        [
          'memory per journey',
          `${fixed(bytesPerJourney / 1024, 1)} KB`,
          `< ${int(TARGETS.bytesPerJourney / 1024)} KB: see the scale section`,
          'peak RSS grown during the median run, per journey, the input held in memory',
        ],
        [
          'memory ÷ dynalite',
          fixed(rate(stores.memory.median) / rate(stores.dynalite.median), 1),
          '',
          `the in-memory store's speed-up on ${int(stores.journeys)} journeys; reports identical (${int(stores.reportBytes)} bytes each)`,
        ],
      ],
    ),
    '',
    `simulate, median run: ${fixed(figures.setupSeconds ?? Number.NaN, 1)} s before the first event ` +
      `(platform start, ${int(journeys)} profiles stored); sent ${sent.join(', ')}; ` +
      `${int(figures.converted ?? 0)} converted, ${int(figures.skipped ?? 0)} skips, ` +
      `${int(figures.transitions ?? 0)} transitions`,
    `simulate memory by run: peak RSS ${simulate.samples.map((run) => megabytes(run.peakRssBytes)).join(' / ')} ` +
      `(at start ${simulate.samples.map((run) => megabytes(run.startRssBytes)).join(' / ')}), ` +
      `peak heap ${simulate.samples.map((run) => megabytes(run.peakHeapUsedBytes)).join(' / ')}`,
    `engine built once in ${int(results.engineBuildSeconds * 1000)} ms, outside its timed runs; ` +
      `the whole benchmark took ${fixed(results.totalSeconds / 60, 1)} min`,
  ];
  return `${lines.join('\n')}\n`;
}

function row(label: string, rateText: string, { median, rates }: Measured): string[] {
  return [
    label,
    rateText,
    `${fixed(median.seconds, 2)} s`,
    fixed(median.cpuSeconds / median.seconds, 2),
    `${megabytes(median.peakRssBytes)} (${megabytes(median.startRssBytes)})`,
    megabytes(median.peakHeapUsedBytes),
    rates.map((value) => fixed(value, value < 100 ? 1 : 0)).join(' / '),
  ];
}
