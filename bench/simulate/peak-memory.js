// Loaded with `node --import` into a process the bench measures: when the process exits, its peak
// resident memory (all threads, from the kernel's rusage) goes to the file the bench named. A
// command that runs in a Node of its own (`parcours simulate`) has both load this: each keeps the
// larger figure, the child's, which exits first.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.PARCOURS_BENCH_PEAK_FILE;
if (file !== undefined && file !== '') {
  process.on('exit', () => {
    const own = process.resourceUsage().maxRSS * 1024;
    let earlier = 0;
    try {
      earlier = Number(readFileSync(file, 'utf8')) || 0;
    } catch {
      // No figure yet: this is the first process to exit.
    }
    writeFileSync(file, String(Math.max(own, earlier)));
  });
}
