import type { ParcoursConfig } from '../../language/config.ts';
import { type ConditionContext, evaluateCondition } from './evaluate.ts';

/**
 * A lazy, memoised segment lookup over one customer: a segment is evaluated the first time a
 * condition or template asks for it. Segments cannot nest (validation refuses it), so no cycle.
 */
export function segmentLookup(
  segments: ParcoursConfig['segments'],
  context: Omit<ConditionContext, 'segment'>,
): (name: string) => boolean {
  const known = new Map<string, boolean>();
  const lookup = (name: string): boolean => {
    const cached = known.get(name);
    if (cached !== undefined) return cached;
    const segment = segments[name];
    const member =
      segment !== undefined && evaluateCondition(segment.when, { ...context, segment: () => false });
    known.set(name, member);
    return member;
  };
  return lookup;
}

/**
 * Every segment's membership, for templates (`{% if segments.vip %}`): each one evaluated when a
 * template reads it, not every segment of the project for every message.
 */
export function allSegments(
  segments: ParcoursConfig['segments'],
  lookup: (name: string) => boolean,
): Record<string, boolean> {
  const memberships: Record<string, boolean> = {};
  for (const name of Object.keys(segments))
    Object.defineProperty(memberships, name, { get: () => lookup(name), enumerable: true });
  return memberships;
}
