import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { jsonSchemas } from '../../../language/json-schemas.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';

const SCHEMAS_DIR = fileURLToPath(new URL('../../../schemas', import.meta.url));
const generated = jsonSchemas();

function compileJsonSchema(file: string) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(generated[file] ?? 'null') as object);
}

const SCHEMA_OF_EXAMPLE = [
  ['abandoned-cart.yaml', 'scenario.schema.json'],
  ['saas-onboarding.yaml', 'scenario.schema.json'],
  ['upsell-product-b.yaml', 'scenario.schema.json'],
  ['win-back.yaml', 'scenario.schema.json'],
  ['app-first-open.yaml', 'scenario.schema.json'],
  ['programs.yaml', 'programs.schema.json'],
  ['parcours.config.yaml', 'parcours.config.schema.json'],
] as const;

describe('the committed JSON Schemas', () => {
  it.each(Object.keys(generated))(
    '%s is up to date with the zod schemas (regenerate with `npm run schema`)',
    async (file) => {
      const committed = await readFile(join(SCHEMAS_DIR, file), 'utf8');
      expect(committed).toBe(generated[file]);
    },
  );

  it.each(SCHEMA_OF_EXAMPLE)('%s points editors at %s and conforms to it', async (example, schemaFile) => {
    const text = await readFile(join(EXAMPLES_DIR, example), 'utf8');
    const validate = compileJsonSchema(schemaFile);
    const valid = validate(parse(text));

    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=../schemas/${schemaFile}`);
    expect(valid, JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('rejects what the zod schema rejects, so editors flag the same mistakes', () => {
    const validate = compileJsonSchema('scenario.schema.json');
    const base = { id: 'x', name: 'X', program: 'p', stage: 'purchase', trigger: { source: ['shop'] } };

    expect(validate({ ...base, steps: [{ wait: '1h' }] })).toBe(true);
    expect(validate({ ...base, steps: [{ send: 'emial', template: 't' }] })).toBe(false);
    expect(validate({ ...base, steps: [{ wait: '1 hour' }] })).toBe(false);
    expect(validate({ ...base, stage: 'later', steps: [{ wait: '1h' }] })).toBe(false);
  });
});
