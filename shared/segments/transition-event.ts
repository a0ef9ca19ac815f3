import type { ParcoursConfig } from '../../language/config.ts';
import { PARCOURS_SOURCES, SEGMENT_EVENTS } from '../../language/sources.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { SegmentTransition } from './membership.ts';
import { type SegmentReads, segmentReads } from './segment-reads.ts';

/**
 * The event a segment transition becomes: `segment.entered` or `segment.exited` from
 * `parcours.segments`, at the time of its cause, with an id made from its cause so a cause
 * applied twice makes one event.
 */
export function transitionEvent(profileId: string, transition: SegmentTransition): EventEnvelope {
  const type = SEGMENT_EVENTS[transition.kind];
  return {
    id: `${transition.cause}/${type}/${transition.segment}`,
    source: PARCOURS_SOURCES.segments,
    'detail-type': type,
    time: transition.at,
    detail: { profileId, segment: transition.segment, cause: transition.cause },
  };
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

/** The segments time alone can move (`within`, `older-than`): the daily sweep's. */
export function segmentsMovedByTime(segments: ParcoursConfig['segments']): string[] {
  return [...readsOf(segments)].flatMap(([name, reads]) => (reads.clock ? [name] : []));
}
