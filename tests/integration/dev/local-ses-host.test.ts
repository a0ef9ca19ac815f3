import { request as httpRequest } from 'node:http';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSes, startLocalSes } from '../../../local/dev/local-ses.ts';

/** A request naming `host`, as a browser sends it to a page whose domain points at 127.0.0.1. */
function get(
  url: string,
  host: string,
  options: { method?: string; origin?: string } = {},
): Promise<{ status: number; text: string }> {
  const headers = { host, ...(options.origin === undefined ? {} : { origin: options.origin }) };
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? 'GET', headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe("the local platform's email inbox", () => {
  let ses: LocalSes;

  beforeAll(async () => {
    ses = await startLocalSes(0);
  });

  afterAll(async () => {
    await ses.stop();
  });

  it('refuses a request naming another host than loopback (DNS rebinding), showing no email', async () => {
    // Prepare: one email in the inbox
    await ses.client.send(
      new SendEmailCommand({
        FromEmailAddress: 'shop@example.com',
        Destination: { ToAddresses: ['ann@example.com'] },
        Content: { Simple: { Subject: { Data: 'Hi' }, Body: { Text: { Data: 'Your cart' } } } },
      }),
    );
    const { port } = new URL(ses.endpoint);

    // Act
    const rebound = await get(`${ses.endpoint}/store`, `rebind.attacker.example:${port}`);
    const local = await get(`${ses.endpoint}/store`, `localhost:${port}`);

    // Assess
    expect(rebound.status).toBe(421);
    expect(rebound.text).not.toContain('ann@example.com');
    expect(local.status).toBe(200);
    expect(local.text).toContain('ann@example.com');
  });

  it('refuses a form another site sends to 127.0.0.1, which would empty the inbox', async () => {
    // Prepare
    const { port } = new URL(ses.endpoint);
    const host = `127.0.0.1:${port}`;

    // Act
    const forged = await get(`${ses.endpoint}/clear-store`, host, {
      method: 'POST',
      origin: 'https://attacker.example',
    });
    const local = await get(`${ses.endpoint}/store`, host, { origin: `http://localhost:${port}` });

    // Assess
    expect(forged.status).toBe(403);
    expect(local.status).toBe(200);
    expect(local.text).toContain('ann@example.com');
  });
});
