import type { EventPattern } from './event-pattern.ts';
import { PARCOURS_SOURCES, SEGMENT_EVENTS } from './sources.ts';
import type { AnniversaryTrigger, Audience, ScheduleTrigger, SegmentTrigger, Trigger } from './trigger.ts';
import { TRIGGER_FORMS } from './trigger-forms.ts';

/*
 * What kind a validated trigger is, apart from its schemas (classic zod, built for validation), so
 * that the functions that start journeys tell the kinds apart without loading them.
 */

// Validation refuses an event pattern with one of these keys (see trigger.ts), so the key decides.
export function isScheduleTrigger(trigger: Trigger): trigger is ScheduleTrigger {
  return 'schedule' in trigger;
}
export function isSegmentTrigger(trigger: Trigger): trigger is SegmentTrigger {
  return 'segment' in trigger;
}
export function isAnniversaryTrigger(trigger: Trigger): trigger is AnniversaryTrigger {
  return 'anniversary' in trigger;
}

/** Whether the clock starts this trigger's journeys (a schedule or an anniversary), not an event. */
export function isClockTrigger(trigger: Trigger): trigger is ScheduleTrigger | AnniversaryTrigger {
  return isScheduleTrigger(trigger) || isAnniversaryTrigger(trigger);
}

function isEventTrigger(trigger: Trigger): trigger is EventPattern {
  return !TRIGGER_FORMS.some((form) => form in trigger);
}

/**
 * The events that start a journey of this trigger: its own pattern, or for a segment trigger the
 * transition event ingest publishes. Schedules and anniversaries start journeys from the clock,
 * not from events: none.
 */
export function triggerEventPattern(trigger: Trigger): EventPattern | undefined {
  if (isEventTrigger(trigger)) return trigger;
  if (!isSegmentTrigger(trigger)) return undefined;
  // One pattern object per trigger: the matcher compiles each pattern once, keyed by the object,
  // and ingest asks for a segment trigger's pattern at every event.
  const known = SEGMENT_PATTERNS.get(trigger);
  if (known !== undefined) return known;
  const transition = trigger.segment;
  const [type, segment] =
    'entered' in transition
      ? [SEGMENT_EVENTS.entered, transition.entered]
      : [SEGMENT_EVENTS.exited, transition.exited];
  const pattern = {
    source: [PARCOURS_SOURCES.segments],
    'detail-type': [type],
    detail: { segment: [segment] },
  };
  SEGMENT_PATTERNS.set(trigger, pattern);
  return pattern;
}

const SEGMENT_PATTERNS = new WeakMap<SegmentTrigger, EventPattern>();

/**
 * Who a clock trigger's occurrences go to: a schedule's audience, an anniversary's (everyone with
 * the date when it names none); undefined for a trigger that is no clock's.
 */
export function clockAudience(trigger: Trigger): Audience | undefined {
  if (isScheduleTrigger(trigger)) return trigger.schedule.audience;
  if (isAnniversaryTrigger(trigger)) return trigger.anniversary.audience ?? {};
  return undefined;
}

/** An audience in words: "segment french_buyers, reachable by email". */
export function describeAudience(audience: Audience): string {
  const parts = [
    audience.segment === undefined ? undefined : `segment ${audience.segment}`,
    audience.reachable === undefined ? undefined : `reachable by ${audience.reachable}`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? 'everyone' : parts.join(', ');
}
