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
  readonly dynalite: Measured;
  readonly totalSeconds: number;
};

/** The table printed on stdout: absolute figures first, then what they say relative to each other. */
export function formatReport(results: BenchResults): string {
  const { fixture, simulate, engine, dynalite } = results;
  const journeys = fixture.profiles.length;
  const figures = simulate.median.figures ?? {};
  const operations = Object.entries(figures).filter(([key]) => key.startsWith('op:'));
  const operationsPerJourney = operations.reduce((sum, [, count]) => sum + count, 0) / journeys;
  const journeySeconds = 1 / rate(simulate.median);
  const dynaliteSeconds = operationsPerJourney / rate(dynalite.median);
  const sent = Object.entries(figures)
    .filter(([key]) => key.startsWith('sent:'))
    .map(([key, count]) => `${int(count)} ${key.slice('sent:'.length)}`);

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
        row('simulate()', `${fixed(rate(simulate.median), 1)} journeys/s`, simulate),
        row('A. engine, no-op Tasks', `${int(rate(engine.median))} executions/s`, engine),
        row('B. dynalite Get+Put, conc. 1', `${int(rate(dynalite.median))} ops/s`, dynalite),
        ['   GetItem only', `${int(dynalite.median.figures?.getPerSecond ?? Number.NaN)} ops/s`],
        ['   PutItem only', `${int(dynalite.median.figures?.putPerSecond ?? Number.NaN)} ops/s`],
      ],
    ),
    '',
    table(
      ['ratio', 'value', 'meaning'],
      [
        [
          'simulate ÷ engine',
          fixed(rate(simulate.median) / rate(engine.median), 4),
          `a simulated journey costs ${int(rate(engine.median) / rate(simulate.median))}× a bare engine execution`,
        ],
        [
          'dynalite ops per journey',
          fixed(operationsPerJourney, 1),
          `counted: ${operationMix(operations, journeys)}`,
        ],
        [
          'dynalite time per journey',
          `${fixed(dynaliteSeconds * 1000, 1)} ms`,
          `of ${fixed(journeySeconds * 1000, 1)} ms per journey ` +
            `(${fixed((dynaliteSeconds / journeySeconds) * 100, 0)}%), estimated: every operation priced ` +
            'at the Get+Put rate of B',
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

/**
 * Operations per journey, most frequent first. The few calls made once per run (creating the
 * table, scanning the ledger for the report) round to nothing per journey: they are summed apart.
 */
function operationMix(operations: ReadonlyArray<[string, number]>, journeys: number): string {
  const perJourney = operations
    .map(([key, count]): [string, number] => [key.slice('op:'.length), count])
    .sort((a, b) => b[1] - a[1]);
  const shown = perJourney.filter(([, count]) => count / journeys >= 0.005);
  const once = perJourney.filter(([, count]) => count / journeys < 0.005);
  const parts = shown.map(([name, count]) => `${name} ${fixed(count / journeys, 2)}`);
  if (once.length > 0)
    parts.push(`+ ${once.map(([name, count]) => `${int(count)} ${name}`).join(', ')} per run`);
  return parts.join(', ');
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
