import type { Condition } from '../../language/condition.ts';
import type { ParcoursConfig } from '../../language/config.ts';

/** What a segment's condition reads: whether a change of the profile or of an aggregate can move it. */
export type SegmentReads = { readonly profile: boolean; readonly aggregates: ReadonlySet<string> };

export function segmentReads(condition: Condition): SegmentReads {
  const aggregates = new Set<string>();
  let profile = false;
  const visit = (node: Condition): void => {
    if ('all' in node) node.all.forEach(visit);
    else if ('any' in node) node.any.forEach(visit);
    else if ('not' in node) visit(node.not);
    else if (!('segment' in node)) {
      if (node.profile !== undefined) profile = true;
      if (node.aggregate !== undefined) aggregates.add(node.aggregate);
    }
  };
  visit(condition);
  return { profile, aggregates };
}

const readsByConfig = new WeakMap<ParcoursConfig['segments'], Map<string, SegmentReads>>();

function readsOf(segments: ParcoursConfig['segments']): Map<string, SegmentReads> {
  let reads = readsByConfig.get(segments);
  if (reads === undefined) {
    reads = new Map(Object.entries(segments).map(([name, { when }]) => [name, segmentReads(when)]));
    readsByConfig.set(segments, reads);
  }
  return reads;
}

/** The segments a change can move: those reading the profile when it changed, or an aggregate that did. */
export function segmentsMovedBy(
  segments: ParcoursConfig['segments'],
  change: { readonly profile: boolean; readonly aggregates: readonly string[] },
): string[] {
  return [...readsOf(segments)].flatMap(([name, reads]) =>
    (change.profile && reads.profile) ||
    change.aggregates.some((aggregate) => reads.aggregates.has(aggregate))
      ? [name]
      : [],
  );
}
