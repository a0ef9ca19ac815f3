import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type sesLocalModule from 'aws-ses-v2-local';
import * as z from 'zod';
import { comesFromLoopback, namesLoopback } from '../net/loopback-host.ts';

/**
 * aws-ses-v2-local is CommonJS with an `exports.default`: Node's ESM loader hands back the whole
 * exports object as the default import while vitest unwraps it, so `require` is the one way to
 * reach the server factory that behaves the same under both (see tests/helpers/ses-local.ts).
 */
const sesLocal: typeof sesLocalModule = createRequire(import.meta.url)('aws-ses-v2-local');

export type LocalSes = {
  /** Its web page lists the emails it received. */
  readonly endpoint: string;
  readonly client: SESv2Client;
  stop(): Promise<void>;
};

/** A real aws-ses-v2-local on a loopback port, and the official SES v2 client pointed at it. */
export async function startLocalSes(port: number): Promise<LocalSes> {
  const server: Server = await sesLocal.default({ host: '127.0.0.1', port });
  // Express hands a server that failed to listen to the same callback, so a taken port shows
  // as a server without an address.
  const address = z.object({ port: z.number() }).safeParse(server.address());
  if (!address.success) {
    throw Object.assign(new Error(`port ${port} is taken`), { code: 'EADDRINUSE' });
  }
  refuseOtherHosts(server);
  const endpoint = `http://127.0.0.1:${address.data.port}`;
  const client = new SESv2Client({
    endpoint,
    region: 'us-east-1',
    // Fixed keys keep the default credential chain from probing for an AWS profile.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return {
    endpoint,
    client,
    stop: async () => {
      client.destroy();
      // The SDK keeps connections alive; without this, close() would wait for them to idle out.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * aws-ses-v2-local answers whatever host a request names, so a web page whose domain points at
 * 127.0.0.1 (DNS rebinding) could read every email sent, addresses included, from a developer's
 * browser; and any page could empty the inbox with a form sent to 127.0.0.1. Its listeners now run
 * only for requests naming loopback and sent from no page or a page on this machine. It was
 * already listening: a request in the instant before this runs is served as before.
 */
function refuseOtherHosts(server: Server): void {
  const served: RequestListener[] = server.listeners('request').filter(isRequestListener);
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const refusal = !namesLoopback(request)
      ? { status: 421, text: 'answers on 127.0.0.1 only' }
      : !comesFromLoopback(request)
        ? { status: 403, text: 'answers pages on this machine only' }
        : undefined;
    if (refusal !== undefined) {
      response.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(refusal.text);
      return;
    }
    for (const listener of served) listener.call(server, request, response);
  });
}

function isRequestListener(listener: unknown): listener is RequestListener {
  return typeof listener === 'function';
}
