import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isClockTrigger } from '../../language/trigger-kind.ts';
import { compileProject } from '../../state-machines/compile-project.ts';
import { broadcastCost } from '../../state-machines/compiler/broadcast-cost.ts';
import { compileBroadcast } from '../../state-machines/compiler/broadcast-definition.ts';
import { pathStats } from '../../state-machines/compiler/path-stats.ts';
import { EXIT } from '../defaults.ts';
import { loadValidProject } from '../project.ts';
import { broadcastTable, statsTable } from './stats-table.ts';

export async function runCompile(dir: string, options: { out?: string; stats?: boolean }): Promise<void> {
  const { project, violations } = await loadValidProject(dir);
  if (violations.length > 0) {
    process.stderr.write(`not compiled: ${violations.length} problem(s) in ${dir}\n`);
    process.exitCode = EXIT.invalid;
    return;
  }
  const scenarios = compileProject(project);
  if (options.out !== undefined) {
    await mkdir(options.out, { recursive: true });
    for (const { scenario, compiled } of scenarios) {
      const file = join(options.out, `${scenario.id}.asl.json`);
      await writeFile(file, `${JSON.stringify(compiled.definition, null, 2)}\n`);
      process.stderr.write(`wrote ${file}\n`);
      if (isClockTrigger(scenario.trigger)) {
        const broadcast = join(options.out, `${scenario.id}.broadcast.asl.json`);
        await writeFile(broadcast, `${JSON.stringify(compileBroadcast(scenario.id), null, 2)}\n`);
        process.stderr.write(`wrote ${broadcast}\n`);
      }
    }
  }
  if (options.stats) {
    const stats = scenarios.map(({ scenario, compiled }) => ({
      id: scenario.id,
      ...pathStats(compiled.definition),
    }));
    process.stdout.write(statsTable(stats));
    const broadcasts = scenarios.flatMap(({ scenario, compiled }, index) => {
      const path = stats[index];
      return isClockTrigger(scenario.trigger) && path !== undefined
        ? [{ id: scenario.id, ...broadcastCost(path.longest, compiled.manifest.inlineSend !== undefined) }]
        : [];
    });
    if (broadcasts.length > 0) process.stdout.write(broadcastTable(broadcasts));
  }
  if (options.out === undefined && !options.stats) {
    const definitions = Object.fromEntries(
      scenarios.map(({ scenario, compiled }) => [scenario.id, compiled.definition]),
    );
    process.stdout.write(`${JSON.stringify(definitions, null, 2)}\n`);
  }
}
