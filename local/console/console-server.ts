import { createServer, type ServerResponse } from 'node:http';
import * as z from 'zod';
import { isLoopbackAddress, namesLoopback } from '../net/loopback-host.ts';
import { CONSOLE_PATH } from './console-path.ts';
import { type ConsoleAnswer, type ConsoleSite, consoleAnswer } from './console-router.ts';

/**
 * Pages run scripts from this server only; an email's preview (an iframe's srcdoc, under the
 * page's policy) shows its styles, web fonts and images as the customer's client would, remote
 * ones included, and runs nothing.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline' https:",
  "font-src 'self' data: https:",
  "img-src 'self' data: https:",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** Writes a console answer; a failure to read the data is a 503 naming what failed. */
export async function serveConsole(site: ConsoleSite, url: URL, response: ServerResponse): Promise<boolean> {
  let answer: ConsoleAnswer | undefined;
  try {
    answer = await consoleAnswer(site, url);
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const message = site.live.explain?.(raw) ?? raw;
    answer = {
      status: 503,
      type: 'text/plain; charset=utf-8',
      body: `The console could not read its data: ${message}\n`,
      cache: false,
    };
  }
  if (answer === undefined) return false;
  response.writeHead(answer.status, {
    'content-type': answer.type,
    'content-length': Buffer.byteLength(answer.body),
    'cache-control': answer.cache ? 'public, max-age=3600' : 'no-store',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(answer.location === undefined ? {} : { location: answer.location }),
  });
  response.end(answer.body);
  return true;
}

export type ConsoleServer = { readonly url: string; close(): Promise<void> };

/**
 * The console alone, for a saved report (`parcours console --report`): GET only, on loopback
 * unless another host is asked for.
 */
export async function startConsoleServer(
  site: ConsoleSite,
  options: { readonly port: number; readonly host: string },
): Promise<ConsoleServer> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      response.end('The console only reads: GET.\n');
      return;
    }
    if (isLoopbackAddress(options.host) && !namesLoopback(request)) {
      response.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('The console answers on 127.0.0.1 only.\n');
      return;
    }
    void serveConsole(site, url, response).then((served) => {
      if (served) return;
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`Not found: the console is at ${CONSOLE_PATH}/.\n`);
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve(z.object({ port: z.number() }).parse(server.address()).port);
    });
  });
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}${CONSOLE_PATH}/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
