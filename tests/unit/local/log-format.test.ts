import { describe, expect, it } from 'vitest';
import { detailSummary, logLine, truncate } from '../../../local/dev/log-format.ts';

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
    expect(logLine('2026-12-04T10:00:00Z', 'event', 'ana\u202egpj.exe', '')).toContain('ana\\u202egpj.exe');
    expect(
      [...line].filter(
        (char) => char.charCodeAt(0) < 0x20 || (char.charCodeAt(0) >= 0x7f && char.charCodeAt(0) <= 0x9f),
      ),
    ).toEqual([]);
  });

  it('keep an event summary short whatever keys its detail holds, and say how many are left out', () => {
    // Prepare: thousands of fields, an object of thousands of keys, a key of 50,000 characters.
    const many = Object.fromEntries(Array.from({ length: 5_000 }, (_, index) => [`key${index}`, index]));
    const long = 'k'.repeat(50_000);

    // Act
    const fields = detailSummary({ profileId: 'p', ...many });
    const object = detailSummary({ profileId: 'p', meta: many });
    const longKey = detailSummary({ profileId: 'p', [long]: 1, [`${long}2`]: { [long]: 1 } });

    // Assess
    expect(fields).toBe('key0=0 key1=1 key2=2 key3=3 key4=4 … 4,995 more');
    expect(object).toBe('meta={key0,key1,key2,key3,key4,… 4,995 more}');
    expect(longKey.length).toBeLessThan(200);
    expect(longKey).toMatch(/^k{31}…=1 k{31}…=\{k{31}…\}$/);
  });

  it('cut values by characters, never through an emoji', () => {
    // Prepare: a value whose 31st and 32nd UTF-16 units are the two halves of an emoji.
    const note = `${'a'.repeat(30)}😀😀`;

    // Act
    const summary = detailSummary({ profileId: 'p', note });

    // Assess
    expect(summary.isWellFormed()).toBe(true);
    expect(summary).toBe(`note=${'a'.repeat(30)}😀😀`);
    expect(truncate(`${'a'.repeat(30)}😀😀😀`, 32)).toBe(`${'a'.repeat(30)}😀…`);
  });
});
