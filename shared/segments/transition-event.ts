import { PARCOURS_SOURCES, SEGMENT_EVENTS } from '../../language/sources.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { SegmentMove } from './membership.ts';

/**
 * The event a segment transition becomes: `segment.entered` or `segment.exited` from
 * `parcours.segments`, at the time of its cause, with an id made from its cause so a cause
 * applied twice makes one event.
 */
export function transitionEvent(profileId: string, transition: SegmentMove): EventEnvelope {
  const type = SEGMENT_EVENTS[transition.kind];
  return {
    id: `${transition.cause}/${type}/${transition.segment}`,
    source: PARCOURS_SOURCES.segments,
    'detail-type': type,
    time: transition.at,
    detail: { profileId, segment: transition.segment, cause: transition.cause },
  };
}
