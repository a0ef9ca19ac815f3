import type { Command } from 'commander';
import { compileProject } from '../../state-machines/compile-project.ts';
import { mermaidFlowchart } from '../../state-machines/graph/mermaid.ts';
import { closestName } from '../../state-machines/validation/suggest.ts';
import { DEFAULT_PROJECT_DIR, EXIT, loadValidProject } from '../project.ts';

export function registerGraph(program: Command): void {
  program
    .command('graph')
    .description('print a Mermaid flowchart of a scenario, as its state machine runs it')
    .argument('<scenario>', 'the scenario id (e.g. abandoned-cart)')
    .argument('[dir]', 'the folder holding the scenarios', DEFAULT_PROJECT_DIR)
    .action(async (id: string, dir: string) => {
      const { project, violations } = await loadValidProject(dir);
      const found = compileProject(project).find(
        ({ scenario }) => scenario.id === id || scenario.id === idFromFile(id),
      );
      if (found === undefined) {
        const known = project.scenarios.map(({ scenario }) => scenario.id);
        const suggestion = closestName(id, known);
        const hint = violations.length > 0 ? ' (or it has problems, listed above)' : '';
        process.stderr.write(
          `parcours: no valid scenario "${id}"${hint}${suggestion === undefined ? '' : `; did you mean "${suggestion}"?`}\n` +
            `known: ${known.join(', ')}\n`,
        );
        process.exitCode = EXIT.invalid;
        return;
      }
      process.stdout.write(
        mermaidFlowchart(found.compiled.definition, found.compiled.manifest.defaultLabels),
      );
    });
}

/** Accept a file path too: scenarios/abandoned-cart.yaml → abandoned-cart. */
function idFromFile(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
}
