import { describe, expect, it } from 'vitest';
import { PARCOURS_SOURCES, SEGMENT_EVENTS } from '../../../language/sources.ts';
import { ScheduleTrigger, type Trigger } from '../../../language/trigger.ts';
import { triggerEventPattern } from '../../../language/trigger-kind.ts';
import { matchesPattern } from '../../../shared/events/pattern-match.ts';

describe("a trigger's event pattern", () => {
  it("is a segment trigger's transition event, the same object each time it is asked for", () => {
    const trigger: Trigger = { segment: { entered: 'lapsed' } };
    const pattern = triggerEventPattern(trigger);
    // The matcher compiles a pattern once per object: a new object per event would compile it again.
    expect(triggerEventPattern(trigger)).toBe(pattern);
    const event = {
      source: PARCOURS_SOURCES.segments,
      'detail-type': SEGMENT_EVENTS.entered,
      detail: { segment: 'lapsed', profileId: 'ana' },
    };
    expect(pattern !== undefined && matchesPattern(pattern, event)).toBe(true);
    expect(pattern !== undefined && matchesPattern(pattern, { ...event, detail: { segment: 'vip' } })).toBe(
      false,
    );
    expect(triggerEventPattern({ segment: { entered: 'vip' } })).not.toBe(pattern);
  });

  it('is an event trigger itself, and none for the clock', () => {
    const trigger: Trigger = { source: ['shop'], 'detail-type': ['cart.updated'] };
    expect(triggerEventPattern(trigger)).toBe(trigger);
    const schedule = ScheduleTrigger.parse({
      schedule: { cron: '0 10 ? * MON#1 *', 'time-zone': 'local', audience: { segment: 'vip' } },
    });
    expect(triggerEventPattern(schedule)).toBeUndefined();
  });
});
