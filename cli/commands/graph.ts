import { compileProject } from '../../state-machines/compile-project.ts';
import { mermaidFlowchart } from '../../state-machines/graph/mermaid.ts';
import { triggerLabel } from '../../state-machines/model/step-tree.ts';
import { closestName } from '../../state-machines/validation/suggest.ts';
import { EXIT } from '../defaults.ts';
import { loadValidProject } from '../project.ts';

export async function runGraph(id: string, dir: string): Promise<void> {
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
    // A scenario with problems is the project's; an id that names none is a misused command.
    process.exitCode = violations.length > 0 ? EXIT.invalid : EXIT.usage;
    return;
  }
  process.stdout.write(
    mermaidFlowchart(
      found.compiled.definition,
      found.compiled.manifest.defaultLabels,
      triggerLabel(found.scenario.trigger),
    ),
  );
}

/** Accept a file path too: scenarios/abandoned-cart.yaml → abandoned-cart. */
function idFromFile(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
}
