/**
 * The console's only script in the browser: it draws what the server rendered as data, the
 * scenario graph with Mermaid and the conversion charts with uPlot, both loaded as their own
 * packaged scripts before this one. Every figure is also in the page's tables, so a page without
 * scripts still answers its question.
 */
import type uPlot from 'uplot';

type Mermaid = {
  initialize(config: Record<string, unknown>): void;
  run(options: { querySelector: string }): Promise<void>;
};
type UPlotConstructor = new (options: uPlot.Options, data: uPlot.AlignedData, target: HTMLElement) => uPlot;

type Line = { rate: (number | null)[]; low: (number | null)[]; high: (number | null)[] };
type Chart = { days: string[]; lines: Record<string, Line>; target?: number };

const COLOURS: Readonly<Record<string, string>> = {
  treatment: '#2563eb',
  holdout: '#d97706',
  'global-control': '#6b7280',
};

/** The packaged scripts define these globals; a page without them draws nothing and says so in its tables. */
function isMermaid(value: unknown): value is Mermaid {
  return typeof value === 'object' && value !== null && 'run' in value && 'initialize' in value;
}

function isUPlot(value: unknown): value is UPlotConstructor {
  return typeof value === 'function';
}

/** The chart data the server writes; anything else is not drawn. */
function isChart(value: unknown): value is Chart {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray(Reflect.get(value, 'days')) &&
    typeof Reflect.get(value, 'lines') === 'object'
  );
}

async function drawGraphs(): Promise<void> {
  const mermaid: unknown = Reflect.get(window, 'mermaid');
  if (!isMermaid(mermaid) || document.querySelector('.mermaid') === null) return;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
  await mermaid.run({ querySelector: '.mermaid' });
}

function drawCharts(): void {
  const UPlot: unknown = Reflect.get(window, 'uPlot');
  if (!isUPlot(UPlot)) return;
  for (const element of document.querySelectorAll<HTMLScriptElement>('script[data-chart]')) {
    const target = document.getElementById(element.dataset.chart ?? '');
    if (target === null) continue;
    const chart: unknown = JSON.parse(element.textContent ?? '{}');
    if (!isChart(chart)) continue;
    const times = chart.days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
    const series: uPlot.Series[] = [{}];
    const data: (number | null)[][] = [times];
    const bands: uPlot.Band[] = [];
    for (const [group, line] of Object.entries(chart.lines)) {
      const stroke = COLOURS[group] ?? '#111827';
      series.push({ label: group, stroke, width: 2, points: { show: true }, value: (_, v) => percent(v) });
      data.push(line.rate.map(toPercent));
      // The interval is drawn as a shaded band between two lines the legend does not list.
      const bound = {
        stroke: 'transparent',
        points: { show: false },
        value: (_: uPlot, v: number | null) => percent(v),
      };
      series.push({ ...bound, label: `${group} 95% high` });
      data.push(line.high.map(toPercent));
      series.push({ ...bound, label: `${group} 95% low` });
      data.push(line.low.map(toPercent));
      bands.push({ series: [series.length - 2, series.length - 1], fill: `${stroke}26` });
    }
    if (chart.target !== undefined) {
      series.push({
        label: 'target',
        stroke: '#16a34a',
        width: 1,
        dash: [8, 4],
        points: { show: false },
        value: (_, v) => percent(v),
      });
      data.push(times.map(() => (chart.target ?? 0) * 100));
    }
    new UPlot(
      {
        width: Math.min(target.clientWidth || 720, 960),
        height: 260,
        series,
        bands,
        axes: [{}, { label: 'conversion %', values: (_, ticks) => ticks.map((tick) => `${tick}%`) }],
        // One day of data still gets a day either side, rather than an axis spanning years.
        scales: {
          x: { time: true, range: (_, min, max) => (min === max ? [min - DAY, max + DAY] : [min, max]) },
        },
      },
      data as uPlot.AlignedData,
      target,
    );
  }
}

const DAY = 86_400;
const toPercent = (value: number | null): number | null => (value === null ? null : value * 100);
const percent = (value: number | null): string => (value === null ? '–' : `${value.toFixed(1)}%`);

async function main(): Promise<void> {
  try {
    drawCharts();
    await drawGraphs();
  } finally {
    // End-to-end tests and screenshots wait for this before they look.
    document.body.dataset.drawn = 'true';
  }
}

void main();
