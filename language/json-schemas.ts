import * as z from 'zod';
import { ParcoursConfig } from './config.ts';
import { Programs } from './programs.ts';
import { Scenario } from './scenario.ts';

/**
 * JSON Schemas generated from the zod schemas, committed under schemas/ so editors (the YAML
 * language server's `$schema` comment) autocomplete and flag errors as marketers type.
 */
export const JSON_SCHEMA_FILES = {
  'scenario.schema.json': Scenario,
  'parcours.config.schema.json': ParcoursConfig,
  'programs.schema.json': Programs,
} as const;

export function jsonSchemas(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(JSON_SCHEMA_FILES).map(([file, schema]) => [
      file,
      `${JSON.stringify(z.toJSONSchema(schema, { io: 'input', target: 'draft-7' }), null, 2)}\n`,
    ]),
  );
}
