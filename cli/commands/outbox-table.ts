import { firstLine, truncate } from '../../local/dev/log-format.ts';
import type { OutboxEntry } from '../../local/outbox/outbox.ts';

const HEADER = ['time', 'channel', 'to', 'subject', 'body', 'scenario', 'step', 'variant'] as const;

/**
 * The outbox as a plain-text table, oldest first. Addresses are printed in clear: checking who
 * gets what before going live is what the outbox is for.
 */
export function outboxTable(entries: readonly OutboxEntry[]): string {
  const rows = [...entries]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((entry) => [
      entry.at.replace('T', ' ').replace(/(:\d{2})\.\d{3}Z$/, '$1Z'),
      entry.channel,
      truncate(entry.to, 36),
      truncate(entry.subject ?? '', 40),
      firstLine(entry.body, 48),
      entry.scenario ?? '',
      entry.step ?? '',
      entry.variant ?? '',
    ]);
  const widths = HEADER.map((title, column) =>
    Math.max(title.length, ...rows.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const count = `${entries.length} message${entries.length === 1 ? '' : 's'}`;
  return `${[line(HEADER), ...rows.map(line)].join('\n')}\n${count}\n`;
}
