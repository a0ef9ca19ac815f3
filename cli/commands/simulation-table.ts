import type { SimulationReport } from '../../local/simulate/simulation-report.ts';

/** The widest channel a message is sent on, so the columns after it line up. */
const CHANNEL_WIDTH = 'webhook'.length;

/**
 * The report for a person: what would have been sent and skipped, and what it would cost. As
 * lines, since a large backtest's report is more than one string may hold.
 */
export function simulationTableLines(report: SimulationReport): string[] {
  const lines: string[] = [`Simulated ${report.from} → ${report.until}`, ''];
  lines.push(`Messages (${report.messages.length})`);
  for (const message of report.messages) {
    const what = message.subject ?? firstLine(message.body);
    const variant = message.variant === undefined ? '' : ` [${message.variant}]`;
    lines.push(
      `  ${message.time}  ${message.channel.padEnd(CHANNEL_WIDTH)} ${message.profileId.padEnd(14)} ${message.scenario}/${message.step}${variant}  ${message.to}  ${what}`,
    );
  }
  lines.push('', `Skipped (${report.skips.length})`);
  for (const skip of report.skips) {
    lines.push(
      `  ${skip.time}  ${skip.channel.padEnd(CHANNEL_WIDTH)} ${skip.profileId.padEnd(14)} ${skip.scenario}/${skip.step}  ${skip.reason}`,
    );
  }
  if (report.refusals !== undefined) {
    lines.push('', `Not started (${report.refusals.length})`);
    for (const refusal of report.refusals) {
      lines.push(
        `  ${refusal.time}  ${refusal.profileId.padEnd(14)} ${refusal.scenario}  ${refusal.eventType}: ${refusal.detail}`,
      );
    }
    const leftOut = report.leftOut ?? 0;
    if (leftOut > 0)
      lines.push(`  and ${leftOut} trigger${leftOut === 1 ? '' : 's'} of scenarios --scenario left out`);
  }
  if (report.rejected !== undefined) {
    lines.push('', `Rejected events (${report.rejected.length})`);
    for (const event of report.rejected) {
      lines.push(
        `  ${event.time}  ${(event.profileId ?? '?').padEnd(14)} ${event.eventId}  ${event.detailType ?? '?'} from ${event.source ?? '?'}: ${event.reason}`,
      );
    }
  }
  if (report.pending !== undefined && report.pending.length > 0) {
    lines.push(
      '',
      `Audience of waves still to come at the end (${report.pending.length}; entry decides at each wave who is sent to)`,
    );
    for (const pending of report.pending) {
      lines.push(`  ${pending.at}  ${pending.profileId.padEnd(14)} ${pending.scenario}`);
    }
  }
  lines.push('', 'Journeys');
  for (const total of report.totals) {
    const statuses = countBy(
      report.executions
        .filter((execution) => execution.scenario === total.scenario)
        .map((execution) => execution.status),
    );
    const sent =
      Object.entries(total.sent)
        .map(([channel, count]) => `${count} ${channel}`)
        .join(', ') || 'nothing';
    lines.push(
      `  ${total.scenario.padEnd(18)} ${total.journeys} journey${total.journeys === 1 ? '' : 's'} (${statuses}); converted ${total.converted}; sent ${sent}; ${total.skipped} skipped; ${total.transitions} transitions`,
    );
  }
  lines.push(
    '',
    `Estimated AWS cost of this run: $${report.cost.dollars.toFixed(6)} (${report.cost.transitions} state transitions, ${report.cost.lambdaRequests} Lambda requests; delivery and DynamoDB extra)`,
    '',
  );
  return lines;
}

function countBy(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => `${count} ${value}`).join(', ');
}

function firstLine(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? '';
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
