import { fixed, int, machineLine, table } from '../format.ts';
import { median } from '../measure.ts';

export type CliFigure = {
  readonly label: string;
  /** Wall time of each timed run, in the order they ran. */
  readonly runsMs: readonly number[];
  /** The target on an idle machine, where there is one. */
  readonly targetMs: number | undefined;
};

export type CliResults = {
  /** The baseline first. */
  readonly figures: readonly CliFigure[];
  readonly runs: number;
  readonly loadAverage: { readonly start: number; readonly end: number };
};

/** One row per command: its median wall time, every run, and the ratio to a bare Node start. */
export function formatCliReport(results: CliResults): string {
  const [baseline] = results.figures;
  if (baseline === undefined) throw new Error('no baseline to compare the CLI with');
  const baselineMs = median(baseline.runsMs);
  const rows = results.figures.map(({ label, runsMs, targetMs }) => {
    const ms = median(runsMs);
    return [
      label,
      `${int(ms)} ms`,
      runsMs.map((run) => int(run)).join(' / '),
      label === baseline.label ? 'baseline' : `${fixed(ms / baselineMs, 1)}×`,
      targetMs === undefined ? '' : `< ${int(targetMs)} ms: ${ms < targetMs ? 'met' : 'not met'}`,
    ];
  });
  return [
    'Parcours benchmark: CLI start',
    machineLine(results.loadAverage),
    `method: each command a fresh process from the project root, its wall time from spawn to exit; one untimed round, then ${results.runs} rounds running each command once; medians shown, then every run. The CLI is built first (npm run build)`,
    '',
    table(['command', 'median', 'runs (ms)', 'ratio', 'target (idle machine)'], rows),
    '',
  ].join('\n');
}
