import { loadProject } from '../state-machines/project/load-project.ts';
import { type ValidationResult, validateProject } from '../state-machines/validation/validate-project.ts';
import { formatViolation } from '../state-machines/validation/violation.ts';

/** Loads and validates a project; prints every violation on stderr. */
export async function loadValidProject(dir: string): Promise<ValidationResult> {
  const result = validateProject(await loadProject(dir));
  for (const violation of result.violations) process.stderr.write(`${formatViolation(violation)}\n`);
  return result;
}
