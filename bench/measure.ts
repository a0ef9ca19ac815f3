/** What one timed run of a measurement gives: how much work it did, and how long it took. */
export type Sample = {
  /** Units of work done (journeys, executions, operations). */
  readonly units: number;
  readonly seconds: number;
  readonly peakRssBytes: number;
  readonly peakHeapUsedBytes: number;
  /** RSS when the run began: the peak is only meaningful next to what the process held already. */
  readonly startRssBytes: number;
  /**
   * CPU time of the process over the run. Near `seconds` for this single-threaded work on an idle
   * machine; well below it when other processes take the cores, which is worth knowing.
   */
  readonly cpuSeconds: number;
  /** Measurement-specific figures (DynamoDB operations by name, outcomes, setup time) for the report. */
  readonly figures?: Readonly<Record<string, number>>;
};

export type Measured = {
  /** The run with the median rate: its time and memory are reported together, as one real run. */
  readonly median: Sample;
  readonly rates: readonly number[];
  /** Every run, in the order they ran. */
  readonly samples: readonly Sample[];
};

/** One thing to measure: an untimed warm-up, then a timed run the harness repeats. */
export type MeasurementSpec = {
  readonly label: string;
  /** Run once before any timed run, so JIT compilation and lazy module loading do not count. */
  readonly warmUp: () => Promise<unknown>;
  readonly run: () => Promise<Omit<Sample, MemoryFields | 'cpuSeconds'>>;
};

/** A measurement and the samples its timed runs gave. */
export type Measurement = MeasurementSpec & { readonly samples: Sample[] };

type MemoryFields = 'peakRssBytes' | 'peakHeapUsedBytes' | 'startRssBytes';

export function measurement(spec: MeasurementSpec): Measurement {
  return { ...spec, samples: [] };
}

/**
 * Warms every measurement up once, then times them in rounds, each measurement once per round.
 * Rounds rather than one measurement after another: when other processes load the machine, the
 * load drifts, and interleaving spreads the drift over all measurements alike, which keeps the
 * ratios between them fair.
 */
export async function measureAll(measurements: readonly Measurement[], runs: number): Promise<void> {
  for (const { label, warmUp } of measurements) {
    progress(`${label}: warm-up`);
    await warmUp();
  }
  for (let round = 1; round <= runs; round += 1) {
    for (const measured of measurements) {
      progress(`${measured.label}: run ${round}/${runs}`);
      const sample = await timedRun(measured);
      measured.samples.push(sample);
      progress(`${measured.label}: ${rate(sample).toFixed(1)}/s over ${sample.seconds.toFixed(2)} s`);
    }
  }
}

/** The run with the median rate, and every run's rate. */
export function medianOf({ label, samples }: Measurement): Measured {
  return { median: medianBy(samples, rate, label), rates: samples.map(rate), samples };
}

/**
 * The item whose `key` is the median: one real run, not an average of two. With an even count,
 * the upper of the two middle ones (every default count of runs is odd).
 */
export function medianBy<T>(items: readonly T[], key: (item: T) => number, what: string): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (middle === undefined) throw new Error(`${what}: no run to take a median of`);
  return middle;
}

/** The median of plain values (see medianBy). */
export function median(values: readonly number[], what = 'values'): number {
  return medianBy(values, (value) => value, what);
}

async function timedRun(measurement: MeasurementSpec): Promise<Sample> {
  collectGarbage();
  const sampler = startMemorySampler();
  const cpuAtStart = process.cpuUsage();
  try {
    const result = await measurement.run();
    const cpu = process.cpuUsage(cpuAtStart);
    return { ...result, ...sampler.peak(), cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  } finally {
    sampler.stop();
  }
}

export function rate(sample: Sample): number {
  return sample.units / sample.seconds;
}

/** Wall time of `work`, in seconds, from the monotonic clock. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - start) / 1000 };
}

/** Progress goes to stderr, so stdout holds only the table (and can be redirected to a file). */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/**
 * Peak memory while a run goes: sampled every 100 ms (and once at the end, so a run shorter than
 * a sample period still has a figure). A peak, not an average: the question is how much memory a
 * simulation of this size needs.
 */
function startMemorySampler(): { peak(): Pick<Sample, MemoryFields>; stop(): void } {
  const startRssBytes = process.memoryUsage.rss();
  let peakRssBytes = 0;
  let peakHeapUsedBytes = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRssBytes = Math.max(peakRssBytes, usage.rss);
    peakHeapUsedBytes = Math.max(peakHeapUsedBytes, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    peak: () => {
      sample();
      return { peakRssBytes, peakHeapUsedBytes, startRssBytes };
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * With `--expose-gc` (the npm script passes it), each run starts from a collected heap, so its
 * peak heap is its own and not the garbage of the run before. RSS rarely shrinks once grown, so
 * the peak RSS of later runs includes what earlier runs made the process reserve.
 */
function collectGarbage(): void {
  const gc: unknown = Reflect.get(globalThis, 'gc');
  if (typeof gc === 'function') gc();
}
