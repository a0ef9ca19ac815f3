// Loaded with `node --import` into a process the bench measures: when the process exits, its peak
// resident memory (all threads, from the kernel's rusage) goes to the file the bench named.
import { writeFileSync } from 'node:fs';

const file = process.env.PARCOURS_BENCH_PEAK_FILE;
if (file !== undefined && file !== '') {
  process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
}
