import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminServer, startAdminServer } from '../../../local/dev/admin-server.ts';

/** A request with its path as written: fetch and URL would tidy `//` and `%ZZ` away. */
function get(port: number, path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, timeout: 5_000 }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer to GET ${path}`)));
    request.on('error', reject);
    request.end();
  });
}

const unused = () => Promise.reject(new Error('not asked in this test'));

describe("the dev server's admin endpoint, asked for paths that are no paths", () => {
  let admin: AdminServer;

  beforeAll(async () => {
    admin = await startAdminServer(0, {
      outbox: unused,
      trace: unused,
      rejected: unused,
      audience: unused,
      eventStatus: unused,
      unsubscribe: unused,
      health: () => ({ status: 'ok' }),
    });
  });
  afterAll(() => admin.close());

  it('answers 400 to a path no URL can hold, where it never answered', async () => {
    // Act
    const answer = await get(admin.port, '//');

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('not a path');
  });

  it('answers 400, not 503, to a path whose percent-encoding is broken', async () => {
    // Act
    const answers = await Promise.all(
      ['/trace/%ZZ', '/events/%ZZ', '/audience/%ZZ'].map((path) => get(admin.port, path)),
    );

    // Assess
    expect(answers.map(({ status }) => status)).toEqual([400, 400, 400]);
  });
});
