import type { ColdStart } from '../../infra/bundle/cold-start.ts';
import type { FunctionName } from '../../infra/constructs/function-catalogue.ts';
import { fixed, int, machineLine, megabytes, table } from '../format.ts';

type Bundle = { readonly bytes: number; readonly gzipBytes: number; readonly start: ColdStart };

export type BundleFigures = {
  readonly name: FunctionName;
  readonly sdkClients: readonly string[];
  readonly own: Bundle;
  /** The bare handler importing the same SDK clients. */
  readonly bare: Bundle;
  readonly runtimeBundleBytes: number | undefined;
};

export type BundlesResults = {
  readonly figures: readonly BundleFigures[];
  readonly runs: number;
  /** The version of the Node the cold starts ran on (BENCH_NODE), which may not be the bench's own. */
  readonly nodeVersion: string;
  readonly synthSeconds: number;
  readonly loadAverage: { readonly start: number; readonly end: number };
};

/** One row per function: its bundle and cold start, the bare handler's, and the ratios. */
export function formatBundlesReport(results: BundlesResults): string {
  const rows = results.figures.map(({ name, own, bare, sdkClients, runtimeBundleBytes }) => [
    name,
    `${kilobytes(own.bytes)} (${kilobytes(own.gzipBytes)})`,
    `${kilobytes(bare.bytes)} (${kilobytes(bare.gzipBytes)})`,
    runtimeBundleBytes === undefined ? '-' : kilobytes(runtimeBundleBytes),
    `${int(own.start.importMs)} ms`,
    `${int(bare.start.importMs)} ms`,
    `${fixed(own.start.importMs / bare.start.importMs, 2)}×`,
    `${int(own.start.importCpuMs)} / ${int(bare.start.importCpuMs)} ms`,
    `${fixed(own.start.importCpuMs / bare.start.importCpuMs, 2)}×`,
    `${int(own.start.readyMs)} / ${int(bare.start.readyMs)} ms`,
    `${megabytes(own.start.rssBytes)} / ${megabytes(bare.start.rssBytes)}`,
    sdkClients.join(', '),
  ]);
  const ratios = results.figures.map(({ own, bare }) => own.start.importMs / bare.start.importMs);
  const cpuRatios = results.figures.map(({ own, bare }) => own.start.importCpuMs / bare.start.importCpuMs);
  return [
    'Parcours benchmark: function bundles and cold starts',
    machineLine(results.loadAverage),
    `method: the app synthesized with bundling (${fixed(results.synthSeconds, 1)} s); each bundle and a bare ` +
      `handler importing the same AWS SDK clients (same esbuild options) started in a fresh Node ${results.nodeVersion} process, ` +
      `alternately (each first every other round), ${results.runs} time${results.runs === 1 ? '' : 's'}; medians shown. import = evaluating the bundle until the handler is ` +
      'ready; import CPU = the CPU time of the same (steadier than wall time on a busy machine); ready = the ' +
      'import, counted from the process start',
    '',
    table(
      [
        'function',
        'bundle (gzip)',
        'bare (gzip)',
        'bundle.json',
        'import',
        'bare import',
        'ratio',
        'import CPU: own / bare',
        'CPU ratio',
        'ready: own / bare',
        'RSS: own / bare',
        'SDK clients',
      ],
      rows,
    ),
    '',
    `import time over the bare handler: ${fixed(Math.min(...ratios), 2)}× to ${fixed(Math.max(...ratios), 2)}×; ` +
      `import CPU time: ${fixed(Math.min(...cpuRatios), 2)}× to ${fixed(Math.max(...cpuRatios), 2)}×`,
    '',
  ].join('\n');
}

function kilobytes(bytes: number): string {
  return `${int(bytes / 1024)} KB`;
}
