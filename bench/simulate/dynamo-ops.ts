import diagnostics from 'node:diagnostics_channel';
import { ClientRequest } from 'node:http';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** DynamoDB operations by name (GetItem, PutItem, Query…), as counted by one of the counters below. */
export type OperationCounter = {
  counts(): Record<string, number>;
  total(): number;
  stop(): void;
};

/** The JSON protocol names the operation in this header: `DynamoDB_20120810.GetItem`. */
const TARGET_PREFIX = 'DynamoDB_20120810.';

/**
 * Counts every DynamoDB request any client in this process sends, from Node's HTTP diagnostics
 * channel. simulate() builds its DynamoDB client inside the platform and hands it to no one, so
 * a middleware cannot be added to it from outside without changing the code under measurement;
 * the channel sees the same requests, one per operation (retries would count again, but dynalite
 * on loopback does not throttle). Baseline B checks this count against a middleware on its client.
 */
export function countHttpOperations(): OperationCounter {
  const counts: Record<string, number> = {};
  const onRequest = (message: unknown) => {
    const request =
      typeof message === 'object' && message !== null && 'request' in message ? message.request : undefined;
    if (!(request instanceof ClientRequest)) return;
    const target = request.getHeader('x-amz-target');
    if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) return;
    const operation = target.slice(TARGET_PREFIX.length);
    counts[operation] = (counts[operation] ?? 0) + 1;
  };
  diagnostics.subscribe('http.client.request.start', onRequest);
  return counter(counts, () => diagnostics.unsubscribe('http.client.request.start', onRequest));
}

/**
 * Counts the commands sent through this client (and any DocumentClient built on it, which shares
 * its middleware stack): the first step of the stack sees each `send` once, before retries.
 */
export function countClientOperations(client: DynamoDBClient): OperationCounter {
  const counts: Record<string, number> = {};
  const name = 'benchOperationCounter';
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = context.commandName?.replace(/Command$/, '') ?? 'unknown';
      counts[operation] = (counts[operation] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name },
  );
  return counter(counts, () => client.middlewareStack.remove(name));
}

function counter(counts: Record<string, number>, stop: () => void): OperationCounter {
  return {
    counts: () => ({ ...counts }),
    total: () => Object.values(counts).reduce((sum, count) => sum + count, 0),
    stop,
  };
}
