import { describe, expect, it } from 'vitest';
import { withRemainingTime } from '../../../local/dev/resume.ts';
import { enteredCurrentStateAt } from '../../../local/dev/state-kinds.ts';
import { LOCAL_TIMER_ARN, localDefinition, reachableFrom } from '../../../local/runtime/local-definition.ts';
import { compiledExample } from '../../helpers/examples.ts';

describe('resuming a journey after a restart', () => {
  it('waits only for what was left of a fixed wait', async () => {
    // Prepare
    const { definition } = (await compiledExample('abandoned-cart')).compiled;

    // Act: 10 hours of the day had passed when the server stopped
    const resumed = withRemainingTime(definition, 'Wait 1 day', 10 * 3600);

    // Assess
    expect(resumed.States['Wait 1 day']).toMatchObject({ Seconds: 14 * 3600 });
    expect(definition.States['Wait 1 day']).toMatchObject({ Seconds: 86_400 });
  });

  it('shortens a wait-for timeout, never below zero', async () => {
    // Prepare
    const { definition } = (await compiledExample('app-first-open')).compiled;
    const state = 'Wait for first-open (2 days)';

    // Act
    const resumed = withRemainingTime(definition, state, 3 * 86_400);

    // Assess
    expect(resumed.States[state]).toMatchObject({
      TimeoutSeconds: 1,
      Parameters: { Payload: { timeoutSeconds: 0 } },
    });
  });

  it('keeps only the states reachable from where the journey was, which the engine requires', async () => {
    // Prepare
    const { definition } = (await compiledExample('abandoned-cart')).compiled;

    // Act
    const resumed = reachableFrom(definition, 'Wait 1 day');

    // Assess
    expect(resumed.StartAt).toBe('Wait 1 day');
    expect(Object.keys(resumed.States)).not.toContain('Wait 1 hour');
    expect(Object.keys(resumed.States)).not.toContain('Email cart-reminder');
    expect(Object.keys(resumed.States)).toEqual(
      expect.arrayContaining(['Wait 1 day', 'Check sms-relaunch', 'SMS cart-sms', 'Converted', 'Completed']),
    );
  });

  it('counts a wait from its first entry, however many restarts entered it again', () => {
    // Act
    const since = enteredCurrentStateAt([
      { name: 'Email cart-reminder', at: '2026-11-16T10:00:00Z' },
      { name: 'Wait 1 day', at: '2026-11-16T10:01:00Z' },
      { name: 'Wait 1 day', at: '2026-11-16T15:00:00Z' },
      { name: 'Wait 1 day', at: '2026-11-16T18:00:00Z' },
    ]);

    // Assess
    expect(since).toBe('2026-11-16T10:01:00Z');
  });
});

describe('local timers', () => {
  it('outlast the local engine’s 60-second default Task timeout', async () => {
    // Prepare
    const { definition } = (await compiledExample('abandoned-cart')).compiled;

    // Act
    const timer = localDefinition(definition).States['Wait 1 day'];

    // Assess: a day at 60× is 24 real minutes; a Node timer counts up to about 24.8 days
    expect(timer).toMatchObject({ Type: 'Task', Resource: LOCAL_TIMER_ARN });
    expect(timer?.Type === 'Task' ? timer.TimeoutSeconds : 0).toBeGreaterThanOrEqual(2_000_000);
    expect(timer?.Type === 'Task' ? (timer.TimeoutSeconds ?? 0) * 1000 : 0).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});
