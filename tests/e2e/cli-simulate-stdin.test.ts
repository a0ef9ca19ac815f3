import { describe, expect, it } from 'vitest';
import { parcours } from '../helpers/cli-process.ts';

describe('parcours simulate --events -', { timeout: 120_000 }, () => {
  it('names standard input as <stdin> in the problems of its lines, as send-event does', async () => {
    // Act: the second line has no source
    const run = await parcours(['simulate', '--events', '-'], {
      stdin:
        '{"id":"a","source":"shop","detail-type":"cart.updated","time":"2026-11-16T09:00:00Z","detail":{"profileId":"ana"}}\n' +
        '{"id":"b","detail-type":"cart.updated","time":"2026-11-16T09:00:00Z","detail":{"profileId":"ana"}}\n',
    });

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('<stdin>:2:source: ');
    expect(run.stderr).not.toMatch(/(^|\s)-:\d/);
  });
});
