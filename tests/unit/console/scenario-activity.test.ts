import { describe, expect, it } from 'vitest';
import { scenarioActivity, UNRECORDED_VERSION } from '../../../local/runtime/scenario-activity.ts';

describe('scenarioActivity', () => {
  it('counts a journey once per state it entered, where it waits, and whether it converted', () => {
    // Act
    const activity = scenarioActivity([
      // Deferred for quiet hours: the SMS state entered twice, counted once.
      {
        version: 'v2',
        startedAt: '2026-11-02T10:00:00Z',
        states: ['Wait', 'Sms', 'Quiet', 'Sms'],
        converted: false,
      },
      {
        version: 'v2',
        startedAt: '2026-11-03T10:00:00Z',
        states: ['Wait'],
        current: 'Wait',
        converted: true,
      },
      { startedAt: '2026-11-01T10:00:00Z', states: ['Wait', 'Sms'], converted: true },
    ]);

    // Assess
    expect(activity.journeys).toBe(3);
    expect(activity.states).toEqual({
      Wait: { entered: 3, waiting: 1, converted: 2 },
      Sms: { entered: 2, waiting: 0, converted: 1 },
      Quiet: { entered: 1, waiting: 0, converted: 0 },
    });
    expect(activity.versions).toEqual([
      {
        version: 'v2',
        running: 1,
        ended: 1,
        firstEntered: '2026-11-02T10:00:00Z',
        lastEntered: '2026-11-03T10:00:00Z',
      },
      {
        version: UNRECORDED_VERSION,
        running: 0,
        ended: 1,
        firstEntered: '2026-11-01T10:00:00Z',
        lastEntered: '2026-11-01T10:00:00Z',
      },
    ]);
  });
});
