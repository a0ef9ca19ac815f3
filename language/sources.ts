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
  /** The events made from the email provider's (SES): delivered, opened, bounced… (never on the bus). */
  email: 'parcours.email',
  /** The events made from the SMS provider's: delivered, failed (never on the bus). */
  sms: 'parcours.sms',
} as const;

/**
 * The sources of events only Parcours makes, which no app may publish under: each is applied where
 * it is made (ingest's segment transitions, the schedules, the provider events) and never comes
 * from the bus, so one on the bus is a forgery. `parcours.unsubscribe` is not one of them: the
 * unsubscribe endpoint publishes on the bus, and `trusted-sources` says who may change consent.
 */
export const MADE_BY_PARCOURS: ReadonlySet<string> = new Set([
  PARCOURS_SOURCES.segments,
  PARCOURS_SOURCES.schedules,
  PARCOURS_SOURCES.email,
  PARCOURS_SOURCES.sms,
]);

/** The detail-types of segment transitions, under PARCOURS_SOURCES.segments. */
export const SEGMENT_EVENTS = { entered: 'segment.entered', exited: 'segment.exited' } as const;
