import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compileProject } from '../../state-machines/compile-project.ts';
import { pathStats } from '../../state-machines/compiler/path-stats.ts';
import { EXIT } from '../defaults.ts';
import { loadValidProject } from '../project.ts';
import { statsTable } from './stats-table.ts';

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
    }
  }
  if (options.stats) {
    process.stdout.write(
      statsTable(
        scenarios.map(({ scenario, compiled }) => ({
          id: scenario.id,
          ...pathStats(compiled.definition),
        })),
      ),
    );
  }
  if (options.out === undefined && !options.stats) {
    const definitions = Object.fromEntries(
      scenarios.map(({ scenario, compiled }) => [scenario.id, compiled.definition]),
    );
    process.stdout.write(`${JSON.stringify(definitions, null, 2)}\n`);
  }
}
