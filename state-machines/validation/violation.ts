import * as z from 'zod';

export type PathSegment = string | number;

/** One problem in one file, located by its path inside the document (and its line when known). */
export const Violation = z.object({
  file: z.string(),
  path: z.string(),
  message: z.string(),
  line: z.number().int().optional(),
});
export type Violation = z.infer<typeof Violation>;

/** ["steps", 2, "template"] → "steps[2].template", the way the README and editors show paths. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return text === '' ? segment : `${text}.${segment}`;
  }, '');
}

/** `file:path: message`, or `file: message` for problems that concern the whole file. */
export function formatViolation(violation: Violation): string {
  const where = violation.path === '' ? violation.file : `${violation.file}:${violation.path}`;
  return `${where}: ${violation.message}`;
}
