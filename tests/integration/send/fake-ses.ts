import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { providerClientConfig } from '../../../shared/channels/provider-client-config.ts';

/**
 * What the provider does with one request: take it and answer, take it and never answer, take it
 * and break the connection, or refuse it with a 503 before taking it.
 */
export type ProviderBehaviour = 'accept' | 'accept-then-hang' | 'accept-then-reset' | 'unavailable';

/**
 * An SES v2 endpoint on a loopback port that counts the messages it took, driven by a script of
 * behaviours (the last one repeats). The real SES v2 client talks to it with the send function's
 * client settings, so the SDK's own retries are part of what is tested.
 */
export async function startFakeSes(script: readonly ProviderBehaviour[]) {
  let requests = 0;
  const accepted: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const behaviour = script[Math.min(requests, script.length - 1)] ?? 'accept';
      requests += 1;
      if (behaviour === 'unavailable') {
        response.writeHead(503, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'ServiceUnavailable',
        });
        response.end(JSON.stringify({ message: 'try later' }));
        return;
      }
      const messageId = `fake-ses-${accepted.length + 1}`;
      accepted.push(Buffer.concat(chunks).toString('utf8'));
      if (behaviour === 'accept-then-reset') request.socket.destroy();
      if (behaviour !== 'accept') return;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ MessageId: messageId }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const client = new SESv2Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    ...providerClientConfig({ requestTimeoutMs: 300, baseDelayMs: 1, maxDelayMs: 5 }),
  });
  return {
    client,
    /** Messages the provider took, whatever it answered. */
    accepted: () => accepted.length,
    requests: () => requests,
    stop: async () => {
      client.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
