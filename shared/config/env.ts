import { globalRegistry, safeParse } from 'zod/mini';
import type * as core from 'zod/v4/core';
import { ERROR_NAMES } from '../../language/error-names.ts';
import './zod-messages.ts';

/** A function's configuration is wrong: named so the cold start log says exactly what to fix. */
export class ConfigError extends Error {
  override readonly name = ERROR_NAMES.configError;
}

/**
 * Validates `process.env` at cold start against a function's schema (classic zod or zod/mini).
 * Every missing or invalid variable is named, with what it is for (the schema's descriptions), in
 * one error.
 */
export function parseEnv<T extends core.$ZodObject>(
  schema: T,
  env: Record<string, string | undefined>,
): core.output<T> {
  const result = safeParse(schema, env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '?');
    const field = schema._zod.def.shape[variable];
    // Where classic zod's describe() and zod/mini's describe check both keep a description.
    const description = field === undefined ? undefined : globalRegistry.get(field)?.description;
    const purpose = description === undefined ? '' : ` (${description})`;
    return env[variable] === undefined
      ? `missing ${variable}${purpose}`
      : `invalid ${variable}${purpose}: ${issue.message}`;
  });
  throw new ConfigError(`configuration: ${problems.join('; ')}`);
}
