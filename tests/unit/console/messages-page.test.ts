import { describe, expect, it } from 'vitest';
import type { ConsoleSource } from '../../../local/console/console-source.ts';
import { messagesPage } from '../../../local/console/pages/messages-page.ts';
import type { OutboxEntry } from '../../../local/outbox/outbox.ts';

const unread = (): never => {
  throw new Error('the messages page does not read this');
};

function sourceOf(entries: readonly OutboxEntry[]): ConsoleSource {
  return {
    title: 'test',
    now: () => new Date('2026-11-16T08:00:00Z'),
    scenarios: () => [],
    outcomes: unread,
    trend: unread,
    activity: unread,
    journeys: unread,
    customer: unread,
    segments: () => [],
    outbox: { list: async () => entries, message: async () => undefined },
  };
}

describe('the messages page', () => {
  it('cuts a first line by characters, never through an emoji', async () => {
    // Prepare: an SMS whose 79th character, where the cut falls, is an emoji: its 79th UTF-16
    // unit is the emoji's first half.
    const body = `${'x'.repeat(78)}🔥 50% off and more words past the table's eighty characters\nsecond line`;
    const source = sourceOf([
      { at: '2026-11-16T08:00:00.000Z', channel: 'sms', to: '+33612345678', body, messageId: 'm-1' },
    ]);

    // Act
    const { body: page } = await messagesPage({ source, base: '/console', query: new URLSearchParams() });

    // Assess
    const text = page.toString();
    expect(text.isWellFormed()).toBe(true);
    expect(text).toContain(`<td>${'x'.repeat(78)}🔥…</td>`);
  });
});
