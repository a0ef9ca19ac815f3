import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { postWebhook } from '../../../shared/webhook/post.ts';
import {
  verifyWebhookSignature,
  type WebhookSignatureVerification,
} from '../../../shared/webhook/signature.ts';

const SECRET = 'whsec-0123456789abcdef0123456789abcdef';

interface Received {
  method: string | undefined;
  path: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
  verification: WebhookSignatureVerification;
}

/**
 * A real receiver on loopback: `/status/<code>` answers that status, `/redirect` answers 302,
 * `/hang` never answers. It verifies every request's signature the way a customer's would.
 */
const clock = new ManualClock('2026-03-01T10:00:00Z');
const received: Received[] = [];
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verification = verifyWebhookSignature(
        { body, headers: request.headers },
        { secrets: SECRET, clock },
      );
      received.push({
        method: request.method,
        path: request.url,
        headers: request.headers,
        body,
        verification,
      });
      const path = new URL(request.url ?? '/', origin).pathname;
      const status = /^\/status\/(\d{3})$/.exec(path)?.[1];
      if (status !== undefined) response.writeHead(Number(status)).end('{"received":true}');
      else if (path === '/redirect') response.writeHead(302, { location: `${origin}/status/200` }).end();
      // `/hang`: never answer; the client's timeout has to end the request.
    });
  });
  origin = `http://127.0.0.1:${await listenOnLoopback(server)}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
});

const deps = () => ({ secret: SECRET, clock, timeoutMs: 2_000 });

describe('postWebhook against a real HTTP receiver', () => {
  it('delivers a signed JSON request that the receiver verifies', async () => {
    const body = { profileId: 'customer-42', items: [{ sku: 'A-1', quantity: 2 }] };

    const result = await postWebhook(
      { url: `${origin}/status/200`, method: 'POST', headers: { 'x-tenant': 'acme' }, body },
      deps(),
    );

    expect(result).toEqual({ status: 200 });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-tenant']).toBe('acme');
    expect(JSON.parse(request?.body ?? '')).toEqual(body);
    expect(request?.verification).toEqual({ ok: true, timestamp: clock.now() });
  });

  it.each(['PUT', 'PATCH'] as const)('keeps the %s method', async (method) => {
    const result = await postWebhook({ url: `${origin}/status/204`, method, body: { a: 1 } }, deps());

    expect(result).toEqual({ status: 204 });
    expect(received[0]?.method).toBe(method);
    expect(received[0]?.verification.ok).toBe(true);
  });

  it('sends an empty JSON object when the step has no body', async () => {
    await postWebhook({ url: `${origin}/status/202`, method: 'POST' }, deps());

    expect(received[0]?.body).toBe('{}');
    expect(received[0]?.verification.ok).toBe(true);
  });

  it("does not let a scenario's headers override the signature or the content type", async () => {
    const headers = { 'X-Parcours-Signature': `v1=${'0'.repeat(64)}`, 'Content-Type': 'text/plain' };

    await postWebhook({ url: `${origin}/status/200`, method: 'POST', headers, body: {} }, deps());

    expect(received[0]?.headers['content-type']).toBe('application/json');
    expect(received[0]?.verification.ok).toBe(true);
  });

  it.each([429, 500, 502, 503])('throws Parcours.Retryable on %i', async (status) => {
    const delivery = postWebhook({ url: `${origin}/status/${status}`, method: 'POST', body: {} }, deps());

    await expect(delivery).rejects.toMatchObject({ name: 'Parcours.Retryable', status });
  });

  it.each([400, 401, 404, 410, 422])(
    'throws Parcours.PermanentFailure with the status on %i',
    async (status) => {
      const delivery = postWebhook({ url: `${origin}/status/${status}`, method: 'POST', body: {} }, deps());

      await expect(delivery).rejects.toMatchObject({ name: 'Parcours.PermanentFailure', status });
    },
  );

  it('does not follow redirects: a 3xx is a permanent failure', async () => {
    const delivery = postWebhook({ url: `${origin}/redirect`, method: 'POST', body: {} }, deps());

    await expect(delivery).rejects.toMatchObject({ name: 'Parcours.PermanentFailure', status: 302 });
    expect(received.map((request) => request.path)).toEqual(['/redirect']);
  });

  it('gives up on a receiver that never answers after timeoutMs, as retryable', async () => {
    const startedAt = performance.now();

    const delivery = postWebhook(
      { url: `${origin}/hang`, method: 'POST', body: {} },
      { ...deps(), timeoutMs: 200 },
    );

    await expect(delivery).rejects.toMatchObject({
      name: 'Parcours.Retryable',
      message: /timed out after 200 ms/,
    });
    expect(performance.now() - startedAt).toBeLessThan(5_000);
    expect(received).toHaveLength(1);
  });

  it('treats a refused connection as retryable', async () => {
    const closed = createServer();
    const port = await listenOnLoopback(closed);
    await new Promise((resolve) => closed.close(resolve));

    const delivery = postWebhook({ url: `http://127.0.0.1:${port}/`, method: 'POST', body: {} }, deps());

    await expect(delivery).rejects.toMatchObject({
      name: 'Parcours.Retryable',
      message: /failed to connect/,
    });
  });

  it('names only the origin in errors, never a secret in the path or query', async () => {
    const delivery = postWebhook(
      { url: `${origin}/status/404?key=s3cr3t`, method: 'POST', body: {} },
      deps(),
    );

    await expect(delivery).rejects.toThrow(`webhook to ${origin} answered 404`);
    await expect(delivery).rejects.not.toThrow(/s3cr3t/);
  });
});

/** Port 0 lets the OS pick a free port; the address then says which. */
async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return address.port;
}
