import type { PathSegment } from './violation.ts';

/** The keys under which a step holds more steps (a scenario's own list is `steps` too). */
const STEP_LISTS: ReadonlySet<PropertyKey> = new Set(['steps', 'otherwise', 'on-event', 'on-timeout']);

/**
 * What stands in for a step the schema refused: valid wherever a step may be, and inert (a second
 * cannot take a path's waits past a year that were not past it already, but for one second).
 */
const STAND_IN = { wait: '1s' } as const;

export type WithoutInvalidSteps = {
  /** The scenario as written, each refused step replaced by a stand-in that keeps its id. */
  readonly data: unknown;
  /** Where the stand-ins are: findings inside them are about the stand-in, not the author's step. */
  readonly replaced: readonly (readonly PathSegment[])[];
};

/**
 * A scenario the schema refused, with each step a problem lies in replaced, so the checks that
 * need a whole scenario (templates, senders, segments, split weights...) can still run on the rest
 * and every problem is reported at once. Undefined when a problem lies outside any step (a
 * trigger, an entry rule, an empty list of steps): no stand-in can take its place.
 */
export function withoutInvalidSteps(
  data: unknown,
  problems: readonly { readonly path: readonly PropertyKey[] }[],
): WithoutInvalidSteps | undefined {
  const steps: PathSegment[][] = [];
  // The steps whose own id is refused: their stand-in goes without it.
  const badIds = new Set<string>();
  for (const { path } of problems) {
    const step = innermostStep(path);
    if (step === undefined) return undefined;
    steps.push(step);
    if (path.length === step.length + 1 && path.at(-1) === 'id') badIds.add(step.join('.'));
  }
  // Outermost first, so a step inside one already replaced is left alone.
  steps.sort((a, b) => a.length - b.length);
  const copy: unknown = structuredClone(data);
  const replaced: PathSegment[][] = [];
  for (const step of steps) {
    if (replaced.some((done) => startsWith(step, done))) continue;
    if (!replaceAt(copy, step, !badIds.has(step.join('.')))) return undefined;
    replaced.push(step);
  }
  return { data: copy, replaced };
}

export function startsWith(path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

/** The path of the deepest step the problem's path goes through: `[..., 'steps', 2]`. */
function innermostStep(path: readonly PropertyKey[]): PathSegment[] | undefined {
  for (let end = path.length - 1; end >= 1; end -= 1) {
    const index = path[end];
    const list = path[end - 1];
    if (typeof index === 'number' && list !== undefined && STEP_LISTS.has(list))
      return path.slice(0, end + 1).filter((segment) => typeof segment !== 'symbol');
  }
  return undefined;
}

function replaceAt(root: unknown, path: readonly PathSegment[], keepId: boolean): boolean {
  const parentPath = path.slice(0, -1);
  const index = path.at(-1);
  let parent: unknown = root;
  for (const segment of parentPath) {
    if (typeof parent !== 'object' || parent === null) return false;
    parent = Reflect.get(parent, segment);
  }
  if (!Array.isArray(parent) || typeof index !== 'number' || index >= parent.length) return false;
  const original: unknown = parent[index];
  // The id stays, so a duplicate id is still found and the steps after it read the same.
  const id =
    keepId && typeof original === 'object' && original !== null ? Reflect.get(original, 'id') : undefined;
  parent[index] = typeof id === 'string' ? { id, ...STAND_IN } : { ...STAND_IN };
  return true;
}
