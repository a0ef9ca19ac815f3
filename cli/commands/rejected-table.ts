import { dayLabel } from '../../local/dev/log-format.ts';
import type { RejectedListing } from '../../local/dev/rejected-listing.ts';
import { maskPersonalData } from '../../shared/observability/logger.ts';

const HEADER = ['received', 'event id', 'customer', 'source', 'detail-type', 'reason'] as const;

/**
 * Rejected events as a plain-text table, oldest first, the reason last and whole: it names the
 * field at fault, which is the point of the listing. Masked like the log, since a reason or a
 * customer id may quote an address.
 */
export function rejectedTable(listing: RejectedListing, source: string): string {
  const span = `from ${dayLabel(listing.from)} to ${dayLabel(listing.to)} (journey time; ${source})`;
  if (listing.events.length === 0) return `no rejected events ${span}\n`;
  const rows = listing.events.map((event) => [
    event.receivedAt.replace('T', ' ').replace(/(:\d{2})\.\d{3}Z$/, '$1Z'),
    event.eventId,
    event.profileId ?? '?',
    event.source ?? '?',
    event.detailType ?? '?',
    event.reason,
  ]);
  const widths = HEADER.map((title, column) =>
    Math.max(title.length, ...rows.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const count = `${rows.length} rejected event${rows.length === 1 ? '' : 's'} ${span}`;
  return maskPersonalData(`${[line(HEADER), ...rows.map(line)].join('\n')}\n${count}\n`);
}
