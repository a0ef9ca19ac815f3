import type { Condition } from '../../language/condition.ts';

/** What a segment's condition reads: whether a change of the profile or of an aggregate can move it. */
export type SegmentReads = {
  readonly profile: boolean;
  readonly aggregates: ReadonlySet<string>;
  /** It compares a timestamp with now (`within`, `older-than`): time alone can move it. */
  readonly clock: boolean;
};

export function segmentReads(condition: Condition): SegmentReads {
  const aggregates = new Set<string>();
  let profile = false;
  let clock = false;
  const visit = (node: Condition): void => {
    if ('all' in node) node.all.forEach(visit);
    else if ('any' in node) node.any.forEach(visit);
    else if ('not' in node) visit(node.not);
    else if (!('segment' in node)) {
      if (node.profile !== undefined) profile = true;
      if (node.aggregate !== undefined) aggregates.add(node.aggregate);
      if (node.within !== undefined || node['older-than'] !== undefined) clock = true;
    }
  };
  visit(condition);
  return { profile, aggregates, clock };
}
