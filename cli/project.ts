import { loadProject } from '../state-machines/project/load-project.ts';
import { type ValidationResult, validateProject } from '../state-machines/validation/validate-project.ts';
import { formatViolation } from '../state-machines/validation/violation.ts';

export const DEFAULT_PROJECT_DIR = 'scenarios';

/** Exit codes: 0 success, 1 the project has violations, 2 the command itself was misused or failed. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** Loads and validates a project; prints every violation on stderr. */
export async function loadValidProject(dir: string): Promise<ValidationResult> {
  const result = validateProject(await loadProject(dir));
  for (const violation of result.violations) process.stderr.write(`${formatViolation(violation)}\n`);
  return result;
}
