import type { ScenarioPathStats } from '../../state-machines/compiler/path-stats.ts';

type Row = ScenarioPathStats & { readonly id: string };

/** A plain-text table: columns wide enough for their content, numbers right-aligned. */
export function statsTable(rows: readonly Row[]): string {
  const header = [
    'scenario',
    'states',
    'longest: transitions',
    'Lambda',
    '$/1k',
    'shortest: transitions',
    'Lambda',
    '$/1k',
  ];
  const body = rows.map((row) => [
    row.id,
    String(row.states),
    String(row.longest.transitions),
    String(row.longest.lambdaRequests),
    dollars(row.longest.pricePer1000),
    String(row.shortest.transitions),
    String(row.shortest.lambdaRequests),
    dollars(row.shortest.pricePer1000),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  const footer =
    '\nPrices are AWS list prices per 1,000 journeys: $0.025 per 1,000 state transitions (Standard workflows)\n' +
    'and $0.20 per million Lambda requests of the steps (ingest, which starts journeys, runs once per\n' +
    'event). Lambda duration, DynamoDB and message delivery are billed on top.\n';
  return `${[line(header), ...body.map(line)].join('\n')}\n${footer}`;
}

function dollars(amount: number): string {
  return `$${amount.toFixed(4)}`;
}
