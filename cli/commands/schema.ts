import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { jsonSchemas } from '../../language/json-schemas.ts';

export async function runSchema(options: { out: string }): Promise<void> {
  await mkdir(options.out, { recursive: true });
  for (const [file, text] of Object.entries(jsonSchemas())) {
    await writeFile(join(options.out, file), text);
    process.stderr.write(`wrote ${join(options.out, file)}\n`);
  }
}
