import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { OutboxEntry } from '../outbox/outbox.ts';
import type { Trace } from './trace.ts';

export type AdminRoutes = {
  readonly outbox: () => Promise<OutboxEntry[]>;
  readonly trace: (profileId: string) => Promise<Trace>;
  readonly health: () => Record<string, unknown>;
};

export type AdminServer = { readonly url: string; readonly port: number; close(): Promise<void> };

const ProfileId = z.string().min(1).max(200);
const Channel = OutboxEntry.shape.channel;

/**
 * The dev server's read-only HTTP endpoint on loopback: `GET /outbox`, `GET /trace/<profileId>`
 * and `GET /health`, as JSON. The CLI asks it first, so `parcours trace` works while the running
 * server holds the data folder.
 */
export async function startAdminServer(port: number, routes: AdminRoutes): Promise<AdminServer> {
  const server = createServer((request, response) => {
    void serve(request, response, routes);
  });
  const bound = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(z.object({ port: z.number() }).parse(server.address()).port);
    });
  });
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function serve(request: IncomingMessage, response: ServerResponse, routes: AdminRoutes): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  try {
    if (request.method !== 'GET') return send(response, 405, { error: 'only GET is served here' });
    if (url.pathname === '/health') return send(response, 200, routes.health());
    if (url.pathname === '/outbox') {
      const channel = Channel.optional().safeParse(url.searchParams.get('channel') ?? undefined);
      if (!channel.success)
        return send(response, 400, { error: `channel must be one of ${Channel.options.join(', ')}` });
      const entries = await routes.outbox();
      return send(
        response,
        200,
        entries.filter((entry) => channel.data === undefined || entry.channel === channel.data),
      );
    }
    const trace = /^\/trace\/(.+)$/.exec(url.pathname);
    if (trace !== null) {
      const profileId = ProfileId.safeParse(decodeURIComponent(trace[1] ?? ''));
      if (!profileId.success) return send(response, 400, { error: 'a profile id is 1 to 200 characters' });
      return send(response, 200, await routes.trace(profileId.data));
    }
    send(response, 404, { error: 'not found; try GET /outbox, /trace/<profileId> or /health' });
  } catch (error) {
    send(response, 503, { error: error instanceof Error ? error.message : String(error) });
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
