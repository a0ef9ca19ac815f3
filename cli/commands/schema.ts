import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { jsonSchemas } from '../../language/json-schemas.ts';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('write the JSON Schemas of scenarios, programs.yaml and parcours.config.yaml')
    .option('--out <dir>', 'the folder to write them to', 'schemas')
    .action(async (options: { out: string }) => {
      await mkdir(options.out, { recursive: true });
      for (const [file, text] of Object.entries(jsonSchemas())) {
        await writeFile(join(options.out, file), text);
        process.stderr.write(`wrote ${join(options.out, file)}\n`);
      }
    });
}
