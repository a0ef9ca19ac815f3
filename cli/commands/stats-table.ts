import {
  BROADCAST_ASSUMPTIONS,
  BROADCAST_PRICES,
  type BroadcastCost,
} from '../../state-machines/compiler/broadcast-cost.ts';
import { BROADCAST_BATCH_SIZE } from '../../state-machines/compiler/broadcast-definition.ts';
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
  const footer =
    '\nPrices are AWS list prices per 1,000 journeys: $0.025 per 1,000 state transitions (Standard workflows)\n' +
    'and $0.20 per million Lambda requests of the steps (ingest, which starts journeys, runs once per\n' +
    'event). Lambda duration, DynamoDB and message delivery are billed on top.\n';
  return `${textTable(header, body)}${footer}`;
}

type BroadcastRow = BroadcastCost & { readonly id: string };

/** What each broadcast's orchestration costs per 1,000 recipients, against SES's own price. */
export function broadcastTable(rows: readonly BroadcastRow[]): string {
  const header = ['broadcast', 'journey', '$/1k recipients', 'of SES email', '+ $/wave', '+ $/occurrence'];
  const body = rows.map((row) => [
    row.id,
    row.journey,
    dollars(row.per1000),
    `${(row.shareOfSes * 100).toFixed(1)}%`,
    dollars(row.perWave),
    dollars(row.perOccurrence),
  ]);
  const a = BROADCAST_ASSUMPTIONS;
  const footer =
    `\nA broadcast's orchestration per 1,000 recipients (Step Functions, Lambda, Scheduler, S3), against\n` +
    `SES's $${BROADCAST_PRICES.sesPer1000Emails.toFixed(2)} per 1,000 emails: a Distributed Map child and a function call per batch of ${BROADCAST_BATCH_SIZE}, about\n` +
    `${a.deliverSecondsPerRecipient * 1000} ms of the deliver function (${a.deliverGb * 1024} MB, arm64) a recipient, and the journey's Standard execution\n` +
    'unless it is one send, made in the batch. A wave is the customers reached at one instant (one per\n' +
    'time zone for local time). DynamoDB and delivery are billed on top.\n';
  return `\n${textTable(header, body)}${footer}`;
}

/** A plain-text table: columns wide enough for their content, the first left-aligned. */
function textTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return `${[line(header), ...body.map(line)].join('\n')}\n`;
}

function dollars(amount: number): string {
  return `$${amount.toFixed(4)}`;
}
