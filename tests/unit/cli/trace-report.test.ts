import { describe, expect, it } from 'vitest';
import { traceReport } from '../../../cli/commands/trace-report.ts';
import { Trace } from '../../../local/dev/trace.ts';

/** A clear screen, a colour, an OSC 52 clipboard write and a bell: what a terminal would obey. */
const HOSTILE = '\u001b[2J\u001b[31mALL GOOD\u001b]52;c;ZWNobyBwd25lZA==\u0007';

function traceWithEscapes(): Trace {
  return Trace.parse({
    profileId: 'esc\u009b1m',
    at: '2026-11-16T08:00:00.000Z',
    profile: { profileId: 'esc\u009b1m', attributes: { firstName: HOSTILE } },
    journeys: [],
    executions: [],
    ledger: [],
    events: [
      {
        id: 'e-1',
        source: 'shop\u0000',
        'detail-type': 'page\u001b[8m.viewed',
        time: '2026-11-16T07:00:00Z',
        detail: { profileId: 'esc\u009b1m', note: `line one\nline two${HOSTILE}` },
      },
    ],
    messages: [],
    sendStates: {},
    entries: [],
  });
}

describe('traceReport', () => {
  it("writes control characters from a customer's data as escapes, and keeps its own line breaks", () => {
    // Prepare
    const trace = traceWithEscapes();

    // Act
    const report = traceReport(trace, 'local platform', { reveal: true });

    // Assess: no control character but the report's own newlines; the same count of lines as a
    // trace without them, so a newline in a field cannot forge a line.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
    expect(report).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(report).toContain('page\\u001b[8m.viewed from shop\\u0000');
    expect(report).toContain('esc\\u009b1m: no email');
    expect(report).toContain('note=line one\\u000aline two');
    const plain = traceReport(
      Trace.parse({ ...trace, events: [{ ...trace.events[0], detail: { profileId: 'esc', note: 'x' } }] }),
      'local platform',
      { reveal: true },
    );
    expect(report.split('\n')).toHaveLength(plain.split('\n').length);
  });
});
