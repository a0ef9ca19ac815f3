import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookInput, webhookStep } from '../../../shared/steps/webhook.ts';
import { startJourneyHarness } from '../../helpers/journey-harness.ts';

const SECRET = 'whsec-0123456789abcdef0123456789abcdef';
let harness: Awaited<ReturnType<typeof startJourneyHarness>>;

beforeAll(async () => {
  harness = await startJourneyHarness();
});
afterAll(async () => harness.stop());

/** A fetch that answers 204 and keeps what it was asked, without touching the network. */
function recordingFetch() {
  const calls: { url: string; headers: Headers }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    calls.push({ url: String(input), headers: new Headers(init?.headers) });
    return new Response(null, { status: 204 });
  };
  return { calls, fetch };
}

/** The example's CRM webhook for a customer who entered onboarding, with the URL a test gives. */
async function webhookInput(profileId: string, url: string): Promise<WebhookInput> {
  await harness.seedProfile({ profileId, email: 'ada@example.com' });
  const { taskOf } = await harness.enterOnboarding(profileId);
  const task = WebhookInput.parse(taskOf('Webhook notify-sales'));
  return { ...task, request: { ...task.request, url } };
}

describe('the webhook step with a customer id an app chose', () => {
  it('keeps each value in the URL to the part of it the scenario wrote', async () => {
    // Prepare: an id that would climb to another path, add a query and cut the rest as a fragment
    const { calls, fetch } = recordingFetch();
    const input = await webhookInput(
      '../admin?role=owner#',
      'https://crm.example.com/contacts/{{ profile.profileId }}/notes?by={{ profile.profileId }}',
    );

    // Act
    const result = await webhookStep(input, { ...harness.stepDeps, secret: SECRET, fetch });

    // Assess
    expect(result).toEqual({ status: 204 });
    expect(calls.map((call) => call.url)).toEqual([
      'https://crm.example.com/contacts/..%2Fadmin%3Frole%3Downer%23/notes?by=..%2Fadmin%3Frole%3Downer%23',
    ]);
  });

  it('writes a value as it is after | raw, and sends a space as %20', async () => {
    const { calls, fetch } = recordingFetch();
    const input = await webhookInput(
      'ada lovelace',
      'https://crm.example.com/{{ "a/b" | raw }}/{{ profile.profileId }}',
    );

    await webhookStep(input, { ...harness.stepDeps, secret: SECRET, fetch });

    expect(calls.map((call) => call.url)).toEqual(['https://crm.example.com/a/b/ada%20lovelace']);
  });

  it('refuses a value that is a whole "..", naming the server, and sends nothing', async () => {
    const { calls, fetch } = recordingFetch();
    const input = await webhookInput('..', 'https://crm.example.com/contacts/{{ profile.profileId }}/notes');

    const result = await webhookStep(input, { ...harness.stepDeps, secret: SECRET, fetch });

    expect(result).toEqual({
      status: 0,
      failed: expect.stringMatching(/"\.\." segment.*https:\/\/crm\.example\.com$/),
    });
    expect(calls).toEqual([]);
  });

  it('sends a customer id of any script in its header, percent-encoded', async () => {
    // Prepare: fetch refuses a header past Latin-1 (李) and would send é as one Latin-1 byte
    const { calls, fetch } = recordingFetch();
    const input = await webhookInput('李-é', 'https://crm.example.com/hooks/parcours');

    const result = await webhookStep(input, { ...harness.stepDeps, secret: SECRET, fetch });

    expect(result).toEqual({ status: 204 });
    const header = calls[0]?.headers.get('x-parcours-profile-id');
    expect(header).toBe('%E6%9D%8E-%C3%A9');
    expect(decodeURIComponent(header ?? '')).toBe('李-é');
  });

  it('sends the body of its first attempt again on a retry, under the same idempotency key', async () => {
    // Prepare: a body that says when it was rendered, and a receiver whose first answer is lost
    const bodies: { key: string | null; body: string }[] = [];
    const fetch: typeof globalThis.fetch = async (_input, init) => {
      bodies.push({ key: new Headers(init?.headers).get('idempotency-key'), body: String(init?.body) });
      if (bodies.length === 1) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      return new Response(null, { status: 204 });
    };
    const input = await webhookInput('c-retried-hook', 'https://crm.example.com/hooks/parcours');
    const task = { ...input, request: { ...input.request, body: { at: '{{ now }}' } } };

    // Act: the first attempt's answer is lost, and Step Functions retries a minute later
    await webhookStep(task, { ...harness.stepDeps, secret: SECRET, fetch }).catch(() => undefined);
    harness.clock.advance(60_000);
    const retried = await webhookStep(task, { ...harness.stepDeps, secret: SECRET, fetch });

    // Assess
    expect(retried).toEqual({ status: 204 });
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual(bodies[0]);
  });

  it('sends the request of its first attempt again though the customer changed in between', async () => {
    // Prepare: a URL and a body that read the customer's email; the first answer is lost
    const calls: { url: string; body: string }[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      calls.push({ url: String(input), body: String(init?.body) });
      if (calls.length === 1) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      return new Response(null, { status: 204 });
    };
    const input = await webhookInput(
      'c-changed-hook',
      'https://crm.example.com/hooks?who={{ profile.email }}',
    );
    const task = { ...input, request: { ...input.request, body: { email: '{{ profile.email }}' } } };

    // Act: the customer changes their address before Step Functions retries
    await webhookStep(task, { ...harness.stepDeps, secret: SECRET, fetch }).catch(() => undefined);
    await harness.seedProfile({ profileId: 'c-changed-hook', email: 'ada@new.example' });
    harness.clock.advance(60_000);
    const retried = await webhookStep(task, { ...harness.stepDeps, secret: SECRET, fetch });

    // Assess: the same URL and body under the same key, which a receiver may otherwise refuse
    expect(retried).toEqual({ status: 204 });
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual({
      url: 'https://crm.example.com/hooks?who=ada%40example.com',
      body: '{"email":"ada@example.com"}',
    });
    expect(calls[1]).toEqual(calls[0]);
  });
});
