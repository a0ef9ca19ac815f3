import type { z } from 'zod';
import { ERROR_NAMES } from '../../language/error-names.ts';

/** A function's configuration is wrong: named so the cold start log says exactly what to fix. */
export class ConfigError extends Error {
  override readonly name = ERROR_NAMES.configError;
}

/**
 * Validates `process.env` at cold start against a function's schema. Every missing or invalid
 * variable is named, with what it is for (the schema's descriptions), in one error.
 */
export function parseEnv<T extends z.ZodObject>(
  schema: T,
  env: Record<string, string | undefined>,
): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '?');
    const field = schema.shape[variable];
    const purpose = field?.description === undefined ? '' : ` (${field.description})`;
    return env[variable] === undefined
      ? `missing ${variable}${purpose}`
      : `invalid ${variable}${purpose}: ${issue.message}`;
  });
  throw new ConfigError(`configuration: ${problems.join('; ')}`);
}
