import { readFileSync } from 'node:fs';

/** The threads this process runs (Linux): a worker thread is one while it lives. */
export function threadCount(): number {
  const count = /^Threads:\s+(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  if (count === undefined) throw new Error('no thread count in /proc/self/status');
  return Number(count);
}
