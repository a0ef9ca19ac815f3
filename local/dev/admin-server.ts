import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import * as z from 'zod';
import type { AudiencePreview } from '../../shared/broadcasts/audience-preview.ts';
import { PREFERENCES_PATH, UNSUBSCRIBE_PATH } from '../../shared/unsubscribe/links.ts';
import type { ConsoleSite } from '../console/console-router.ts';
import { serveConsole } from '../console/console-server.ts';
import { namesLoopback } from '../net/loopback-host.ts';
import { OutboxEntry } from '../outbox/outbox.ts';
import type { EventStatus } from './event-status.ts';
import type { UnsubscribeHttpRequest, UnsubscribeHttpResponse } from './local-unsubscribe.ts';
import { DEFAULT_REJECTED_RANGE, type RejectedListing, RejectedRange } from './rejected-listing.ts';
import type { Trace } from './trace.ts';

export type AdminRoutes = {
  readonly outbox: () => Promise<OutboxEntry[]>;
  /** Addresses masked unless `reveal`. */
  readonly trace: (profileId: string, options: { readonly reveal: boolean }) => Promise<Trace>;
  readonly rejected: (range: RejectedRange) => Promise<RejectedListing>;
  /** Who a segment or a scheduled scenario reaches now; a string says why the name has no audience. */
  readonly audience: (
    name: string,
    options: { readonly sample: number },
  ) => Promise<AudiencePreview | string>;
  /** `profileId`, when the caller knows it, lets the store answer for an event this process never saw. */
  readonly eventStatus: (eventId: string, profileId: string | undefined) => Promise<EventStatus>;
  readonly unsubscribe: (request: UnsubscribeHttpRequest) => Promise<UnsubscribeHttpResponse>;
  readonly health: () => Record<string, unknown>;
  /** The marketer's console, at /console/ (and / leads there). */
  readonly console?: ConsoleSite;
};

export type AdminServer = { readonly url: string; readonly port: number; close(): Promise<void> };

const ProfileId = z.string().min(1).max(200);
const EventId = z.string().min(1).max(256);
const Channel = OutboxEntry.shape.channel;
/** A one-click body is 26 bytes and the confirm form's is shorter still. */
const MAX_FORM_BODY_BYTES = 16 * 1024;
const ROUTES =
  'GET /console/ (the console), /outbox, /trace/<profileId> (or /trace?id=<profileId>), /audience/<segment or scenario>, /rejected, /events/<eventId> (or /events?id=<eventId>), /health, or /unsubscribe';

/** How many customers an audience preview lists. */
export const SampleSize = z.coerce.number().int().min(0).max(1_000).default(20);

/**
 * The dev server's HTTP endpoint on loopback. The marketer's console under /console/; read-only JSON (`GET /outbox`, `/trace/<profileId>`,
 * `/rejected`, `/events/<eventId>`, `/health`), which the CLI asks first so its commands work while
 * the running server holds the data folder; and `/unsubscribe`, where the links of the emails it
 * sends lead (GET shows the confirmation page, POST opts out), the only path that takes a POST.
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
  const url = urlOf(request);
  if (url === undefined) return send(response, 400, { error: `not a path: try ${ROUTES}` });
  // It listens on loopback: a request naming another host comes through DNS rebinding.
  if (!namesLoopback(request)) return send(response, 421, { error: 'answers on 127.0.0.1 only' });
  try {
    // The preferences link is served as the unsubscribe one, as the function URL serves any path on AWS.
    if (url.pathname === `/${UNSUBSCRIBE_PATH}` || url.pathname === `/${PREFERENCES_PATH}`)
      return await unsubscribe(request, response, url, routes);
    // HEAD is a GET without its body, which Node leaves out by itself; a 405 names what is allowed.
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(response, 405, { error: `only GET is served here; try ${ROUTES}` }, { allow: 'GET, HEAD' });
    if (routes.console !== undefined && (await serveConsole(routes.console, url, response))) return;
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
    if (url.pathname === '/rejected') {
      const range = rangeOf(url.searchParams);
      if ('error' in range) return send(response, 400, { error: range.error });
      return send(response, 200, await routes.rejected(range.range));
    }
    const traced = idOf(url, '/trace');
    if (traced !== undefined) {
      const profileId = ProfileId.safeParse(traced);
      if (!profileId.success) return send(response, 400, { error: 'a profile id is 1 to 200 characters' });
      const reveal = url.searchParams.get('reveal') === 'true';
      return send(response, 200, await routes.trace(profileId.data, { reveal }));
    }
    const audience = /^\/audience\/(.+)$/.exec(url.pathname);
    if (audience !== null) {
      const sample = SampleSize.safeParse(url.searchParams.get('sample') ?? undefined);
      if (!sample.success) return send(response, 400, { error: 'sample is a whole number from 0 to 1000' });
      const preview = await routes.audience(decodeURIComponent(audience[1] ?? ''), { sample: sample.data });
      return typeof preview === 'string'
        ? send(response, 404, { error: preview })
        : send(response, 200, preview);
    }
    const event = idOf(url, '/events');
    if (event !== undefined) {
      const eventId = EventId.safeParse(event);
      if (!eventId.success) return send(response, 400, { error: 'an event id is 1 to 256 characters' });
      const profileId = ProfileId.optional().safeParse(url.searchParams.get('profileId') ?? undefined);
      if (!profileId.success) return send(response, 400, { error: 'profileId is 1 to 200 characters' });
      return send(response, 200, await routes.eventStatus(eventId.data, profileId.data));
    }
    send(response, 404, { error: `not found; try ${ROUTES}` });
  } catch (error) {
    // A bad percent-encoding in the path is the request's fault, not the server's.
    if (error instanceof URIError)
      return send(response, 400, { error: `the path is not valid: ${error.message}` });
    send(response, 503, { error: error instanceof Error ? error.message : String(error) });
  }
}

/** The request's URL; undefined for a path no URL holds (`//`), which thrown was never answered. */
function urlOf(request: IncomingMessage): URL | undefined {
  const path = request.url ?? '/';
  return URL.canParse(path, LOOPBACK_BASE) ? new URL(path, LOOPBACK_BASE) : undefined;
}

const LOOPBACK_BASE = 'http://127.0.0.1';

/**
 * The id a request names under `route`: `<route>/<id>`, or `<route>?id=<id>`, the form the CLI
 * uses because a URL parser resolves an id of dots only (`..`) as a path segment. Undefined for
 * another path.
 */
function idOf(url: URL, route: '/trace' | '/events'): string | undefined {
  if (url.pathname === route) return url.searchParams.get('id') ?? '';
  const path = url.pathname.startsWith(`${route}/`) ? url.pathname.slice(route.length + 1) : '';
  return path === '' ? undefined : decodeURIComponent(path);
}

const RangeQuery = z.object({ day: z.string().optional(), since: z.string().optional() });

function rangeOf(query: URLSearchParams): { range: RejectedRange } | { error: string } {
  const { day, since } = RangeQuery.parse(Object.fromEntries(query));
  if (day !== undefined && since !== undefined) return { error: 'give either day or since, not both' };
  if (day === undefined && since === undefined) return { range: DEFAULT_REJECTED_RANGE };
  const range = RejectedRange.safeParse(day === undefined ? { since } : { day });
  if (!range.success) {
    return {
      error:
        day === undefined
          ? `since: expected a duration such as "1d" or "12h", got "${since}"`
          : `day: expected yyyy-mm-dd, got "${day}"`,
    };
  }
  return { range: range.data };
}

async function unsubscribe(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  routes: AdminRoutes,
): Promise<void> {
  const read = request.method === 'POST' ? await readBody(request) : undefined;
  // A body too large to be a one-click POST is the confirm button's, as the deployed endpoint
  // takes it (shared/unsubscribe/page.ts): the signed link opts out, whatever came with it.
  const body = read === 'too large' ? '' : read;
  const answer = await routes.unsubscribe({ method: request.method ?? 'GET', query: url.searchParams, body });
  response.writeHead(answer.statusCode, {
    ...answer.headers,
    'content-length': Buffer.byteLength(answer.body),
  });
  response.end(answer.body);
}

/** The request body as text, or 'too large' once past the limit (the rest is not read). */
async function readBody(request: IncomingMessage): Promise<string | 'too large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_FORM_BODY_BYTES) return 'too large';
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body, null, 2);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
