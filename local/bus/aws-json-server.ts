import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { namesLoopback } from '../net/loopback-host.ts';

/**
 * The AWS JSON 1.1 protocol on a loopback HTTP server: `POST /` with the operation named in
 * `X-Amz-Target`, a JSON body, and errors as `{ "__type", "message" }`, which is how the official
 * SDK clients find the exception to throw. Requests are not signature-checked: the server only
 * listens on 127.0.0.1 and stands in for AWS in development.
 */

/** An error the client should see as a modelled AWS exception (`ValidationException`, …). */
export class AwsJsonError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = type;
  }
}

/** Handles one operation's parsed JSON input; throws `AwsJsonError` to answer with an AWS error. */
export type AwsJsonOperation = (input: unknown) => Promise<unknown>;

export interface AwsJsonServerProps {
  /** Operations by `X-Amz-Target`, e.g. `AWSEvents.PutEvents`. */
  readonly operations: Readonly<Record<string, AwsJsonOperation>>;
  /** 0 lets the system choose a free port. */
  readonly port: number;
  /** Bodies beyond this are refused unread, so a runaway client cannot fill memory. */
  readonly maxBodyBytes: number;
}

export interface AwsJsonServer {
  /** `http://127.0.0.1:<port>`, what an SDK client takes as `endpoint`. */
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

const CONTENT_TYPE = 'application/x-amz-json-1.1';

export async function startAwsJsonServer(props: AwsJsonServerProps): Promise<AwsJsonServer> {
  const inFlight = new Map<Promise<void>, IncomingMessage>();
  const server = createServer((request, response) => {
    const served = serve(request, response, props).finally(() => inFlight.delete(served));
    inFlight.set(served, request);
  });
  const port = await listenOnLoopback(server, props.port);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: () => closeServer(server, inFlight),
  };
}

async function serve(request: IncomingMessage, response: ServerResponse, props: AwsJsonServerProps) {
  try {
    const result = await dispatch(request, props);
    send(response, 200, result);
  } catch (error) {
    const known =
      error instanceof AwsJsonError
        ? error
        : new AwsJsonError('InternalException', 'The local bus failed to process the request.', 500);
    send(response, known.status, { __type: known.type, message: known.message });
  }
}

async function dispatch(request: IncomingMessage, props: AwsJsonServerProps): Promise<unknown> {
  // As the dev server's: a web page whose domain was pointed at 127.0.0.1 could otherwise publish
  // events (a forged email, an opt-in) from a developer's browser.
  if (!namesLoopback(request)) {
    request.resume();
    throw new AwsJsonError('AccessDeniedException', 'The local bus answers requests to 127.0.0.1 only.', 421);
  }
  const target = request.headers['x-amz-target'];
  const operation = typeof target === 'string' ? props.operations[target] : undefined;
  if (request.method !== 'POST' || operation === undefined) {
    request.resume();
    throw new AwsJsonError(
      'UnknownOperationException',
      `Unknown operation ${request.method ?? '?'} ${String(target ?? '(no X-Amz-Target)')}; this endpoint serves ${Object.keys(props.operations).join(', ')}.`,
    );
  }
  if (!isAwsJson(request.headers['content-type'])) {
    request.resume();
    throw new AwsJsonError(
      'UnknownOperationException',
      `Content-Type must be ${CONTENT_TYPE} (what the AWS SDK sends), not ${request.headers['content-type'] ?? 'absent'}.`,
      404,
    );
  }
  const body = await readBody(request, props.maxBodyBytes);
  return operation(parseJson(body));
}

/**
 * AWS routes a JSON-protocol call by its Content-Type: any other media type is not an operation it
 * knows, and it answers UnknownOperationException (404) rather than reading the body. Parameters
 * such as `; charset=utf-8` are allowed, as the Smithy protocol tests require of a server.
 */
function isAwsJson(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType === CONTENT_TYPE;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new AwsJsonError('SerializationException', 'The request body is not valid JSON.');
  }
}

function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > maxBytes) {
        reject(new AwsJsonError('ValidationException', `The request body is over ${maxBytes} bytes.`, 413));
      } else {
        resolve(Buffer.concat(chunks).toString('utf8'));
      }
    });
    request.on('error', reject);
    // A connection dropped mid-body (a close above, or the client going away) ends the wait.
    request.on('close', () => {
      if (!request.complete)
        reject(new AwsJsonError('SerializationException', 'The request body was cut short.'));
    });
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}

function listenOnLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (typeof address === 'object' && address !== null) resolve(address.port);
      else reject(new Error('the local bus could not read the port it listens on'));
    });
  });
}

/**
 * Lets requests being served finish, then drops the keep-alive connections SDK clients hold open.
 * A request whose body is still coming is dropped at once: nothing of it was accepted, and a
 * client that stalls mid-body held the dev server's Ctrl-C for as long as it liked.
 */
async function closeServer(
  server: Server,
  inFlight: ReadonlyMap<Promise<void>, IncomingMessage>,
): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
  });
  for (const request of inFlight.values()) if (!request.complete) request.socket.destroy();
  await Promise.allSettled([...inFlight.keys()]);
  server.closeAllConnections();
  await closed;
}
