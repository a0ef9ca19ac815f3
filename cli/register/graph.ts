import type { Command } from 'commander';
import { DEFAULT_PROJECT_DIR } from '../defaults.ts';

export function registerGraph(program: Command): void {
  program
    .command('graph')
    .description('print a Mermaid flowchart of a scenario, as its state machine runs it')
    .argument('<scenario>', 'the scenario id (e.g. abandoned-cart)')
    .argument('[dir]', 'the folder holding the scenarios', DEFAULT_PROJECT_DIR)
    .action(async (id: string, dir: string) => (await import('../commands/graph.ts')).runGraph(id, dir));
}
