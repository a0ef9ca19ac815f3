import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { postWebhook } from '../../../shared/webhook/post.ts';

const SECRET = 'whsec-0123456789abcdef0123456789abcdef';

/** A fetch that answers 204 and records where it was sent, without touching the network. */
function recordingFetch() {
  const urls: string[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    urls.push(input instanceof Request ? input.url : String(input));
    return new Response(null, { status: 204 });
  };
  return {
    urls,
    deps: { secret: SECRET, clock: new ManualClock('2026-03-01T10:00:00Z'), timeoutMs: 1_000, fetch },
  };
}

describe('postWebhook request checks', () => {
  it('sends to https URLs and to plain http on loopback', async () => {
    const { urls, deps } = recordingFetch();
    const targets = [
      'https://hooks.example.com/parcours',
      'http://localhost:8080/hook',
      'http://[::1]:8080/hook',
    ];

    const results = await Promise.all(targets.map((url) => postWebhook({ url, method: 'POST' }, deps)));

    expect(results).toEqual(Array(3).fill({ status: 204 }));
    expect(urls).toEqual(targets);
  });

  it('takes dots that are not a whole segment, and a ".." in the query', async () => {
    const { urls, deps } = recordingFetch();
    const targets = [
      'https://hooks.example.com/v1.2/a..b/.well-known',
      'https://hooks.example.com/contacts?next=../admin#../x',
    ];

    const results = await Promise.all(targets.map((url) => postWebhook({ url, method: 'POST' }, deps)));

    expect(results).toEqual(Array(2).fill({ status: 204 }));
    expect(urls).toEqual(targets);
  });

  it.each([
    ['plain http off loopback', 'http://hooks.example.com/parcours', /https/],
    ['a loopback look-alike domain', 'http://127.0.0.1.example.com/hook', /https/],
    ['another scheme', 'file:///etc/passwd', /https/],
    ['a relative URL', '/hook', /absolute URL/],
    ['credentials', 'https://user:pass@hooks.example.com/', /credentials/],
    ['a ".." segment', 'https://hooks.example.com/contacts/../admin', /"\.\." segment/],
    ['one spelled %2e%2E', 'https://hooks.example.com/contacts/%2e%2E/admin', /"\.\." segment/],
    ['one behind backslashes', 'https://hooks.example.com/contacts\\..\\admin', /"\.\." segment/],
    ['one split by a line break', 'https://hooks.example.com/contacts/.\n./admin', /"\.\." segment/],
    ['a "." segment at the end', 'https://hooks.example.com/contacts/.', /"\.\." segment/],
  ])('refuses %s without sending anything', async (_label, url, message) => {
    const { urls, deps } = recordingFetch();

    const delivery = postWebhook({ url, method: 'POST' }, deps);

    await expect(delivery).rejects.toMatchObject({ name: 'Parcours.PermanentFailure', message });
    expect(urls).toEqual([]);
  });

  it('refuses a body that cannot become JSON, and a header that cannot be sent', async () => {
    const { urls, deps } = recordingFetch();
    const url = 'https://hooks.example.com/parcours';

    const deliveries = [
      postWebhook({ url, method: 'POST', body: { amount: 10n } }, deps),
      postWebhook({ url, method: 'POST', body: () => 1 }, deps),
      postWebhook({ url, method: 'POST', headers: { 'x-note': 'a\r\nBcc: b' } }, deps),
    ];

    for (const delivery of deliveries)
      await expect(delivery).rejects.toMatchObject({ name: 'Parcours.PermanentFailure' });
    await expect(deliveries[2]).rejects.toThrow(/header "x-note" has an invalid name or value/);
    expect(urls).toEqual([]);
  });
});
