/**
 * The event sources Parcours itself publishes under. Part of the runtime contract: they appear in
 * `trusted-sources` and in the rules apps write, so they never change.
 */
export const PARCOURS_SOURCES = {
  /** The unsubscribe endpoint's `subscription.changed` events (one-click and page). */
  unsubscribe: 'parcours.unsubscribe',
} as const;
