import type { Command } from 'commander';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('write the JSON Schemas of scenarios, programs.yaml and parcours.config.yaml')
    .option('--out <dir>', 'the folder to write them to', 'schemas')
    .action(async (options: { out: string }) => (await import('../commands/schema.ts')).runSchema(options));
}
