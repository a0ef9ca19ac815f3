/**
 * The event sources Parcours itself publishes under. Part of the runtime contract: they appear in
 * `trusted-sources` and in the rules apps write, so they never change.
 */
export const PARCOURS_SOURCES = {
  /** The unsubscribe endpoint's `subscription.changed` events (one-click and page). */
  unsubscribe: 'parcours.unsubscribe',
  /** `segment.entered` and `segment.exited`, published by ingest and the daily sweep. */
  segments: 'parcours.segments',
  /** The trigger of each journey a schedule or an anniversary starts (never on the bus). */
  schedules: 'parcours.schedules',
} as const;

/** The detail-types of segment transitions, under PARCOURS_SOURCES.segments. */
export const SEGMENT_EVENTS = { entered: 'segment.entered', exited: 'segment.exited' } as const;
