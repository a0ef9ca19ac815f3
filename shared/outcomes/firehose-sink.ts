import { type FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { packBySize } from '../batching/pack-by-size.ts';
import { OutcomeFact, type OutcomeSink } from './outcome-fact.ts';

/**
 * PutRecordBatch's fixed limits (they cannot be raised). The record limit is before base64; the
 * request limit is counted here on the raw bytes too, as the API reference states it.
 */
export const FIREHOSE_LIMITS = {
  recordsPerCall: 500,
  bytesPerCall: 4 * 1024 * 1024,
  bytesPerRecord: 1000 * 1024,
} as const;
export type FirehoseLimits = { readonly [K in keyof typeof FIREHOSE_LIMITS]: number };

/**
 * Our attempts come on top of the SDK's own (standard mode: 3 per call, throttling and 5xx
 * included), so a few spaced attempts are enough; they must also fit in the caller's Lambda.
 */
const DEFAULT_ATTEMPTS = 4;
const BASE_DELAY_MS = 100;

export type FirehoseSinkOptions = {
  readonly sleep?: (ms: number) => Promise<void>;
  readonly attempts?: number;
  /** In [0, 1): full jitter, so writers throttled together do not come back together. */
  readonly random?: () => number;
};

/** One fact ready to send: its id (for error messages) and its newline-terminated JSON line. */
export type FirehoseRecord = { readonly id: string; readonly data: Uint8Array };

/** Firehose did not take some facts after every attempt; the caller should retry them all. */
export class FirehoseDeliveryError extends Error {
  override readonly name = 'FirehoseDeliveryError';
  readonly factIds: readonly string[];

  constructor(message: string, factIds: readonly string[], options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.factIds = factIds;
  }
}

/** An OutcomeSink over Amazon Data Firehose: one JSON line per fact, converted to Parquet there. */
export function firehoseSink(
  client: FirehoseClient,
  streamName: string,
  options: FirehoseSinkOptions = {},
): OutcomeSink {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const sleep = options.sleep ?? wait;
  const random = options.random ?? Math.random;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError(`attempts must be a positive integer, got ${attempts}`);
  }

  const putBatch = async (batch: readonly FirehoseRecord[]): Promise<void> => {
    let pending = batch;
    let lastProblem = 'no answer';
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(Math.floor(random() * BASE_DELAY_MS * 2 ** (attempt - 1)));
      try {
        const output = await client.send(
          new PutRecordBatchCommand({
            DeliveryStreamName: streamName,
            Records: pending.map((record) => ({ Data: record.data })),
          }),
        );
        if (!output.FailedPutCount) return;
        const answers = output.RequestResponses ?? [];
        const flagged = pending
          .map((_, index) => index)
          .filter((index) => answers[index]?.ErrorCode !== undefined || !answers[index]?.RecordId);
        // An answer that does not say which records failed gets them all sent again: safe, as
        // readers take facts DISTINCT.
        const failedIndexes =
          answers.length === pending.length && flagged.length > 0
            ? flagged
            : pending.map((_, index) => index);
        const firstFailed = answers.find((answer) => answer.ErrorCode !== undefined);
        lastProblem = `${firstFailed?.ErrorCode ?? 'unknown'}: ${firstFailed?.ErrorMessage ?? 'no message'}`;
        lastError = undefined;
        pending = failedIndexes.flatMap((index) => pending[index] ?? []);
      } catch (error) {
        if (!isWorthRetrying(error)) {
          throw new FirehoseDeliveryError(
            `Firehose refused ${pending.length} outcome fact(s) (${describeError(error)}): ${idList(pending)}`,
            pending.map((record) => record.id),
            { cause: error },
          );
        }
        lastProblem = describeError(error);
        lastError = error;
      }
    }
    throw new FirehoseDeliveryError(
      `Firehose did not take ${pending.length} outcome fact(s) after ${attempts} attempt(s), first error ${lastProblem}: ${idList(pending)}`,
      pending.map((record) => record.id),
      { cause: lastError },
    );
  };

  return {
    append: async (facts) => {
      // Every fact is checked before the first call, so a bad one never leaves half a batch sent.
      const batches = toBatches(facts.map(toRecord));
      for (const batch of batches) await putBatch(batch);
    },
  };
}

/** Parses and serialises one fact; a fact that does not parse is a bug in the code writing it. */
export function toRecord(fact: OutcomeFact): FirehoseRecord {
  const parsed = OutcomeFact.safeParse(fact);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(fact)'}: ${issue.message}`)
      .join('; ');
    throw new TypeError(`Outcome fact ${describeId(fact)} is invalid: ${problems}`);
  }
  // Conversion to Parquet would read concatenated objects, but the newline keeps the S3 error
  // output and any unconverted delivery readable as JSON lines.
  return { id: parsed.data.id, data: new TextEncoder().encode(`${JSON.stringify(parsed.data)}\n`) };
}

/** Splits records into calls within the limits, in order; a record over the limit is refused. */
export function toBatches(
  records: readonly FirehoseRecord[],
  limits: FirehoseLimits = FIREHOSE_LIMITS,
): FirehoseRecord[][] {
  for (const record of records) {
    const bytes = record.data.byteLength;
    if (bytes > limits.bytesPerRecord) {
      throw new RangeError(
        `Outcome fact ${record.id} is ${bytes} bytes, over Firehose's ${limits.bytesPerRecord}-byte record limit`,
      );
    }
  }
  return packBySize(records, (record) => record.data.byteLength, {
    size: limits.bytesPerCall,
    count: limits.recordsPerCall,
  });
}

/** Throttling and server faults pass; a refused request (bad stream, no permission) never will. */
function isWorthRetrying(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ('$fault' in error && error.$fault === 'server') return true;
  if ('$retryable' in error && error.$retryable) return true;
  return (
    'name' in error && (error.name === 'ThrottlingException' || error.name === 'ServiceUnavailableException')
  );
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function describeId(fact: unknown): string {
  if (typeof fact === 'object' && fact !== null && 'id' in fact && typeof fact.id === 'string') {
    return `"${fact.id}"`;
  }
  return '(without an id)';
}

function idList(records: readonly FirehoseRecord[]): string {
  return records.map((record) => record.id).join(', ');
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
