import type { z } from 'zod';
import { formatPath, formatViolation, type PathSegment } from '../../state-machines/validation/violation.ts';

type Issue = z.core.$ZodIssue;
type Explained = { readonly path: readonly PropertyKey[]; readonly message: string };

/**
 * Every problem zod found, as `where:path: message` lines. zod reports a failed union as a bare
 * "Invalid input" with each branch's issues attached; event patterns are unions all the way down,
 * so this explains a union by the branch that accepted the value's shape and failed deeper, or, if
 * every branch refused the value whole, by the key none knows or the types they expected.
 */
export function zodViolations(where: string, error: z.core.$ZodError): string[] {
  return error.issues
    .flatMap((issue) => explained(issue, []))
    .map(({ path, message }) =>
      formatViolation({ file: where, path: formatPath(path.filter(isPathSegment)), message }),
    );
}

function explained(issue: Issue, prefix: readonly PropertyKey[]): Explained[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) {
    return [{ path, message: `required (${typeName(issue.expected)})` }];
  }
  if (issue.code !== 'invalid_union') return [{ path, message: issue.message }];
  const branches = leafBranches(issue.errors);
  const shaped = branches.filter(
    (branch) => branch.length > 0 && branch.every((inner) => inner.path.length > 0),
  );
  const deepest = shaped.reduce<Issue[] | undefined>(
    (best, branch) => (best === undefined || depth(branch) > depth(best) ? branch : best),
    undefined,
  );
  if (deepest !== undefined) return deepest.flatMap((inner) => explained(inner, path));
  // A branch that took the value's type and key names failed on a rule of its own (a minimum…).
  const sameType = branches.find((branch) => branch.every((inner) => !refusesWhole(inner)));
  if (sameType !== undefined && sameType.length > 0)
    return sameType.flatMap((inner) => explained(inner, path));
  return [{ path, message: refusedWhole(branches) ?? issue.message }];
}

function refusesWhole(issue: Issue): boolean {
  return (issue.code === 'invalid_type' && issue.path.length === 0) || issue.code === 'unrecognized_keys';
}

/** A branch that is itself a union failing at the same place stands for its own branches. */
function leafBranches(branches: readonly Issue[][]): Issue[][] {
  return branches.flatMap((branch) => {
    const only = branch[0];
    if (branch.length === 1 && only?.code === 'invalid_union' && only.path.length === 0) {
      return leafBranches(only.errors);
    }
    return [branch];
  });
}

function refusedWhole(branches: readonly Issue[][]): string | undefined {
  const unknownKeySets = branches.flatMap((branch) =>
    branch.flatMap((issue) => (issue.code === 'unrecognized_keys' ? [issue.keys] : [])),
  );
  const unknownToAll = (unknownKeySets[0] ?? []).filter((key) =>
    unknownKeySets.every((keys) => keys.includes(key)),
  );
  if (unknownToAll.length > 0) return `unknown key ${unknownToAll.map((key) => `"${key}"`).join(', ')}`;
  const mismatches = branches
    .flat()
    .filter((issue) => issue.code === 'invalid_type' && issue.path.length === 0);
  const expected = [
    ...new Set(
      mismatches.flatMap((issue) => (issue.code === 'invalid_type' ? [typeName(issue.expected)] : [])),
    ),
  ];
  if (expected.length === 0) return undefined;
  const received = /received (\w+)/.exec(mismatches[0]?.message ?? '')?.[1];
  return `expected ${expected.join(' or ')}${received === undefined ? '' : `, received ${received}`}`;
}

/** zod says "record" for what a JSON file calls an object. */
function typeName(zodType: string): string {
  return zodType === 'record' ? 'object' : zodType;
}

/** How far into the value a branch got before failing: its deepest issue path. */
function depth(issues: readonly Issue[]): number {
  return Math.max(...issues.map((issue) => issue.path.length));
}

function isPathSegment(key: PropertyKey): key is PathSegment {
  return typeof key === 'string' || typeof key === 'number';
}
