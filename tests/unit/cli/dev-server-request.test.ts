import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { askDevServer } from '../../../cli/input/dev-server-request.ts';

let server: Server | undefined;

/** A loopback server that answers every request with `type` and `body`. */
async function answering(type: string, body: string): Promise<string> {
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': type });
    response.end(body);
  });
  const listening = server;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  const { port } = z.object({ port: z.number() }).parse(listening.address());
  return `http://127.0.0.1:${port}`;
}

describe('asking the dev server', () => {
  afterEach(async () => {
    const closing = server;
    server = undefined;
    await new Promise((resolve) => closing?.close(resolve));
  });

  it('names what answered when it is not JSON, rather than failing to parse it', async () => {
    // Prepare: another program's page on the port, or the console's where a path led astray.
    const admin = await answering('text/html; charset=utf-8', '<!doctype html><h1>Programs</h1>');

    // Act
    const asked = askDevServer(admin, '/trace?id=ana', z.unknown());

    // Assess
    await expect(asked).rejects.toThrow(
      `${admin}/trace?id=ana answered 200 with text/html; charset=utf-8, not the JSON of a parcours dev server`,
    );
  });

  it('parses a JSON answer with the schema', async () => {
    // Prepare
    const admin = await answering('application/json; charset=utf-8', '{"ok":true}');

    // Act
    const answer = await askDevServer(admin, '/health', z.object({ ok: z.boolean() }));

    // Assess
    expect(answer).toEqual({ ok: true });
  });
});
