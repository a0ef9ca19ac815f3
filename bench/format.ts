import os from 'node:os';

/** Where the figures were measured: the ratios travel, the absolute figures belong to this line. */
export function machineLine(loadAverage: { readonly start: number; readonly end: number }): string {
  const cpus = os.cpus();
  return (
    `machine: ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ` +
    `${process.platform} ${process.arch}; load average ${fixed(loadAverage.start, 1)} at start, ` +
    `${fixed(loadAverage.end, 1)} at end`
  );
}

/** Columns padded to their widest cell, so the output reads as a table in a terminal or a README. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((cells) => (cells[column] ?? '').length)),
  );
  const format = (cells: string[]) =>
    header
      .map((_, column) => (cells[column] ?? '').padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...rows.map(format)].join('\n');
}

export function megabytes(bytes: number): string {
  return `${int(bytes / 1_048_576)} MB`;
}

export function int(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function fixed(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
