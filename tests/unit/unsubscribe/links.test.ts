import { describe, expect, it } from 'vitest';
import { listUnsubscribeHeaders, preferencesUrl, unsubscribeUrl } from '../../../shared/unsubscribe/links.ts';

const TOKEN = 'eyJ2IjoxfQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

describe('unsubscribe links', () => {
  it('puts the token in the query of the unsubscribe and preferences endpoints', () => {
    const base = 'https://mail.example.com';

    const links = [unsubscribeUrl(base, TOKEN), preferencesUrl(base, TOKEN)];

    expect(links).toEqual([
      `https://mail.example.com/unsubscribe?token=${TOKEN}`,
      `https://mail.example.com/preferences?token=${TOKEN}`,
    ]);
  });

  it('keeps a path prefix of the base URL, with or without a trailing slash', () => {
    const links = [
      unsubscribeUrl('https://abc.execute-api.eu-west-1.amazonaws.com/prod', TOKEN),
      unsubscribeUrl('https://abc.execute-api.eu-west-1.amazonaws.com/prod/', TOKEN),
    ];

    expect(links).toEqual(
      Array(2).fill(`https://abc.execute-api.eu-west-1.amazonaws.com/prod/unsubscribe?token=${TOKEN}`),
    );
  });

  it('allows plain http only on loopback, for the local platform', () => {
    const local = unsubscribeUrl('http://127.0.0.1:4000', TOKEN);

    expect(local).toBe(`http://127.0.0.1:4000/unsubscribe?token=${TOKEN}`);
    expect(() => unsubscribeUrl('http://mail.example.com', TOKEN)).toThrow(/https/);
    expect(() => unsubscribeUrl('http://127.0.0.1.example.com', TOKEN)).toThrow(/https/);
    expect(() => preferencesUrl('ftp://mail.example.com', TOKEN)).toThrow(/https/);
  });

  it('refuses base URLs with credentials, a query or a fragment', () => {
    expect(() => unsubscribeUrl('https://user:pass@mail.example.com', TOKEN)).toThrow(/credentials/);
    expect(() => unsubscribeUrl('https://mail.example.com/?a=1', TOKEN)).toThrow(/query/);
    expect(() => unsubscribeUrl('https://mail.example.com/#top', TOKEN)).toThrow(/fragment/);
  });
});

describe('List-Unsubscribe headers (RFC 8058)', () => {
  it('produces exactly the two one-click headers', () => {
    const url = unsubscribeUrl('https://mail.example.com', TOKEN);

    const headers = listUnsubscribeHeaders(url);

    expect(headers).toEqual([
      { name: 'List-Unsubscribe', value: `<https://mail.example.com/unsubscribe?token=${TOKEN}>` },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ]);
  });

  it('cannot be broken out of: angle brackets, spaces and line breaks are encoded or dropped', () => {
    const headers = listUnsubscribeHeaders(
      'https://mail.example.com/unsubscribe?token=a>\r\nBcc: x@evil.test <b',
    );

    const [listUnsubscribe] = headers;

    expect(listUnsubscribe?.value).toBe(
      '<https://mail.example.com/unsubscribe?token=a%3EBcc:%20x@evil.test%20%3Cb>',
    );
  });

  it('requires an https URL', () => {
    expect(() => listUnsubscribeHeaders('http://mail.example.com/unsubscribe')).toThrow(/https/);
    expect(() => listUnsubscribeHeaders('mailto:unsubscribe@example.com')).toThrow(/https/);
    expect(() => listUnsubscribeHeaders('not a url')).toThrow();
  });
});
