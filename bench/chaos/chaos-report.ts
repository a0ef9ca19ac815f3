import type { RoundFigures } from './chaos-round.ts';

export type NamedFigures = { readonly name: string; readonly sent: number; readonly figures: RoundFigures };

const COLUMNS = [
  'run',
  'events sent',
  'acknowledged',
  'processed',
  'rejected',
  'lost',
  'duplicate sends',
  'opted-out sends',
  'messages sent',
  'killed after',
  'redelivered after restart',
  'seconds',
] as const;

/** A Markdown table, one row per round and one for the totals, ready for the README. */
export function chaosTable(rows: readonly NamedFigures[]): string {
  const total = (pick: (figures: RoundFigures) => number) =>
    rows.reduce((sum, row) => sum + pick(row.figures), 0);
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  const format = (value: number) => value.toLocaleString('en-US');
  const body = rows.map(({ name, sent, figures }) =>
    line([
      name,
      format(sent),
      format(figures.acknowledged),
      format(figures.processed),
      format(figures.rejected),
      format(figures.lost),
      format(figures.duplicateSends),
      format(figures.optedOutSends),
      format(figures.sends),
      figures.killedAfter === undefined ? '—' : `${format(figures.killedAfter)} acknowledged`,
      figures.redelivered === undefined ? '—' : format(figures.redelivered),
      figures.seconds.toFixed(0),
    ]),
  );
  const totals = line([
    '**total**',
    format(rows.reduce((sum, row) => sum + row.sent, 0)),
    format(total((figures) => figures.acknowledged)),
    format(total((figures) => figures.processed)),
    format(total((figures) => figures.rejected)),
    format(total((figures) => figures.lost)),
    format(total((figures) => figures.duplicateSends)),
    format(total((figures) => figures.optedOutSends)),
    format(total((figures) => figures.sends)),
    '',
    format(total((figures) => figures.redelivered ?? 0)),
    total((figures) => figures.seconds).toFixed(0),
  ]);
  return [line(COLUMNS), line(COLUMNS.map(() => '---')), ...body, totals].join('\n');
}

/** The figures that must all be zero. */
export function failures(rows: readonly NamedFigures[]): number {
  return rows.reduce(
    // Every event a round sends is valid: one rejected was refused for the crash's sake.
    (sum, { figures }) =>
      sum + figures.lost + figures.rejected + figures.duplicateSends + figures.optedOutSends,
    0,
  );
}
