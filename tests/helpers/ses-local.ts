import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type sesLocalModule from 'aws-ses-v2-local';
import * as z from 'zod';

/**
 * aws-ses-v2-local is CommonJS with an `exports.default`. Node's ESM loader hands back the whole
 * exports object as the default import while vitest unwraps it, so `require` is the one way to
 * reach the server factory that behaves the same under both (and under tsc's view of the types).
 */
const sesLocal: typeof sesLocalModule = createRequire(import.meta.url)('aws-ses-v2-local');

/** One email as aws-ses-v2-local keeps it, read back from `GET /store`. */
export const StoredEmail = z.object({
  messageId: z.string(),
  from: z.string(),
  replyTo: z.array(z.string()),
  destination: z.object({ to: z.array(z.string()), cc: z.array(z.string()), bcc: z.array(z.string()) }),
  subject: z.string(),
  body: z.object({ html: z.string().optional(), text: z.string().optional() }),
  headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
  at: z.number(),
});
export type StoredEmail = z.infer<typeof StoredEmail>;

const StoreResponse = z.object({ emails: z.array(StoredEmail) });

export type LocalSes = {
  readonly client: SESv2Client;
  readonly endpoint: string;
  storedEmails(): Promise<StoredEmail[]>;
  stop(): Promise<void>;
};

/** A real aws-ses-v2-local on a loopback port of the OS's choosing, with a client pointed at it. */
export async function startLocalSes(): Promise<LocalSes> {
  const server: Server = await sesLocal.default({ host: '127.0.0.1', port: 0 });
  const { port } = z.object({ port: z.number() }).parse(server.address());
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new SESv2Client({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    client,
    endpoint,
    storedEmails: async () => {
      const response = await fetch(`${endpoint}/store`);
      return StoreResponse.parse(await response.json()).emails;
    },
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
