import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../language/channel.ts';
import type { FrequencyCap } from '../../../language/config.ts';
import { exceededCap } from '../../../shared/caps/frequency-caps.ts';

const NOW = new Date('2026-11-23T09:00:00.000Z');
const DAY_MS = 86_400_000;

let sequence = 0;
/** A marketing send recorded `ago` milliseconds before NOW. */
function sent(channel: Channel, ago: number) {
  sequence += 1;
  return { id: `send-${sequence}`, channel, at: new Date(NOW.getTime() - ago).toISOString() };
}

describe('exceededCap', () => {
  it('allows everything when no cap is configured', () => {
    // Prepare
    const entries = Array.from({ length: 50 }, () => sent('email', 1_000));

    // Act
    const cap = exceededCap(entries, [], 'email', NOW);

    // Assess
    expect(cap).toBeUndefined();
  });

  describe('a cap across all channels', () => {
    const acrossChannels: FrequencyCap = { max: 3, per: '7d' };

    it('counts sends of every channel', () => {
      // Prepare
      const entries = [sent('email', DAY_MS), sent('sms', DAY_MS), sent('push', DAY_MS)];

      // Act
      const cap = exceededCap(entries, [acrossChannels], 'email', NOW);

      // Assess
      expect(cap).toBe(acrossChannels);
    });

    it('allows one more while the count is under the maximum', () => {
      // Prepare
      const entries = [sent('email', DAY_MS), sent('sms', DAY_MS)];

      // Act
      const cap = exceededCap(entries, [acrossChannels], 'push', NOW);

      // Assess
      expect(cap).toBeUndefined();
    });
  });

  describe('a cap on a list of channels', () => {
    const smsAndPush: FrequencyCap = { channels: ['sms', 'push'], max: 2, per: '7d' };

    it('counts the sends of its channels together', () => {
      // Prepare
      const entries = [sent('sms', DAY_MS), sent('push', DAY_MS)];

      // Act
      const cap = exceededCap(entries, [smsAndPush], 'sms', NOW);

      // Assess
      expect(cap).toBe(smsAndPush);
    });

    it('does not count sends of other channels', () => {
      // Prepare
      const entries = [sent('sms', DAY_MS), sent('email', DAY_MS), sent('email', DAY_MS), sent('email', 1)];

      // Act
      const cap = exceededCap(entries, [smsAndPush], 'push', NOW);

      // Assess
      expect(cap).toBeUndefined();
    });

    it('does not apply to a channel it does not list', () => {
      // Prepare
      const entries = [sent('sms', DAY_MS), sent('sms', DAY_MS), sent('push', DAY_MS)];

      // Act
      const cap = exceededCap(entries, [smsAndPush], 'email', NOW);

      // Assess
      expect(cap).toBeUndefined();
    });
  });

  describe('the window', () => {
    const onePerDay: FrequencyCap = { max: 1, per: '1d' };

    it('leaves out a send exactly `per` ago', () => {
      // Prepare
      const entries = [sent('email', DAY_MS)];

      // Act
      const cap = exceededCap(entries, [onePerDay], 'email', NOW);

      // Assess
      expect(cap).toBeUndefined();
    });

    it('counts a send one millisecond inside the window', () => {
      // Prepare
      const entries = [sent('email', DAY_MS - 1)];

      // Act
      const cap = exceededCap(entries, [onePerDay], 'email', NOW);

      // Assess
      expect(cap).toBe(onePerDay);
    });

    it('reads compound durations such as 1d12h', () => {
      // Prepare
      const cap36h: FrequencyCap = { max: 1, per: '1d12h' };
      const inside = [sent('email', 36 * 3_600_000 - 1)];
      const outside = [sent('email', 36 * 3_600_000)];

      // Act
      const caps = [
        exceededCap(inside, [cap36h], 'email', NOW),
        exceededCap(outside, [cap36h], 'email', NOW),
      ];

      // Assess
      expect(caps).toEqual([cap36h, undefined]);
    });
  });

  it('returns the first exceeded cap in configuration order', () => {
    // Prepare
    const notReached: FrequencyCap = { channels: ['email'], max: 5, per: '7d' };
    const weekly: FrequencyCap = { max: 2, per: '7d' };
    const daily: FrequencyCap = { max: 1, per: '1d' };
    const entries = [sent('email', 2 * DAY_MS), sent('sms', 3_600_000)];

    // Act
    const forward = exceededCap(entries, [notReached, weekly, daily], 'email', NOW);
    const backward = exceededCap(entries, [notReached, daily, weekly], 'email', NOW);

    // Assess
    expect(forward).toBe(weekly);
    expect(backward).toBe(daily);
  });

  it('sends older than a window do not count towards its cap', () => {
    // Prepare
    const weekly: FrequencyCap = { max: 3, per: '7d' };
    const daily: FrequencyCap = { max: 1, per: '1d' };
    const entries = [sent('email', 2 * DAY_MS), sent('email', 3 * DAY_MS), sent('email', 8 * DAY_MS)];

    // Act
    const cap = exceededCap(entries, [daily, weekly], 'email', NOW);

    // Assess
    expect(cap).toBeUndefined();
  });
});
