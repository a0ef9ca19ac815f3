import { describe, expect, it } from 'vitest';
import { detailSummary, logLine } from '../../../local/dev/log-format.ts';

describe("the dev server's log lines", () => {
  it('mask contact values by their field, even those no address pattern recognises', () => {
    // Prepare: what ingest refuses (a national number, an address in words) and what it takes.
    const refused = { profileId: 'zed', phone: '0612345678', email: 'zed at example.com', plan: 'pro' };
    const valid = { profileId: 'zed', phone: '+33612345678', email: 'zed@example.com' };

    // Act
    const refusedLine = logLine('2026-12-04T10:00:00Z', 'event', 'zed', detailSummary(refused));
    const validLine = logLine('2026-12-04T10:00:00Z', 'event', 'zed', detailSummary(valid));

    // Assess
    expect(refusedLine).toContain('phone=*** email=*** plan=pro');
    expect(refusedLine).not.toMatch(/0612345678|zed at example/);
    expect(validLine).toContain('phone=+33***78 email=z***@e***.com');
  });

  it('write control characters from a customer id or a field as escapes, never to the terminal', () => {
    // Prepare: NUL, a bell and a colour sequence in an id an app sent.
    const profileId = 'p\u0000\u0007\u001b[31mred';

    // Act
    const line = logLine('2026-12-04T10:00:00Z', 'event', profileId, 'note=\u009bx');

    // Assess
    expect(line).toContain('p\\u0000\\u0007\\u001b[31mred');
    expect(line).toContain('note=\\u009bx');
    expect(
      [...line].filter(
        (char) => char.charCodeAt(0) < 0x20 || (char.charCodeAt(0) >= 0x7f && char.charCodeAt(0) <= 0x9f),
      ),
    ).toEqual([]);
  });
});
