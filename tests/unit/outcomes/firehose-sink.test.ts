import {
  FirehoseClient,
  PutRecordBatchCommand,
  type PutRecordBatchCommandInput,
  type PutRecordBatchCommandOutput,
  ResourceNotFoundException,
  ServiceUnavailableException,
} from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  FIREHOSE_LIMITS,
  FirehoseDeliveryError,
  firehoseSink,
  toBatches,
} from '../../../shared/outcomes/firehose-sink.ts';
import { OutcomeFact } from '../../../shared/outcomes/outcome-fact.ts';

const client = new FirehoseClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const firehose = mockClient(client);
const STREAM = 'parcours-outcomes';

function fact(index: number, overrides: Partial<OutcomeFact> = {}): OutcomeFact {
  return OutcomeFact.parse({
    id: `message:profile-${index}:cart-email`,
    kind: 'message',
    occurred_at: '2025-03-14T09:26:53Z',
    profile_id: `profile-${index}`,
    scenario: 'abandoned-cart',
    step: 'cart-email',
    channel: 'email',
    outcome: 'sent',
    ...overrides,
  });
}

/**
 * A fact near the largest the schema allows: every optional text at its 1,024-character limit,
 * each character a control character that JSON writes as six bytes.
 */
function bulkyFact(index: number): OutcomeFact {
  const filler = '\u0001'.repeat(1024 - 8);
  return fact(index, {
    version: filler,
    program: filler,
    execution: filler,
    step: filler,
    variant: filler,
    outcome: filler,
    reason: filler,
    message_id: filler,
    event_id: filler,
  });
}

function sentRecords(call: number): string[] {
  const input = firehose.commandCalls(PutRecordBatchCommand)[call]?.args[0].input;
  return (input?.Records ?? []).map((record) => new TextDecoder().decode(record.Data));
}

function sentIds(call: number): string[] {
  return sentRecords(call).map((line) => OutcomeFact.parse(JSON.parse(line)).id);
}

function sentBytes(call: number): number {
  const input = firehose.commandCalls(PutRecordBatchCommand)[call]?.args[0].input;
  return (input?.Records ?? []).reduce((total, record) => total + (record.Data?.byteLength ?? 0), 0);
}

/** Firehose's answer taking every record except those at `failing` positions. */
function answer(
  input: PutRecordBatchCommandInput,
  failing: readonly number[] = [],
): PutRecordBatchCommandOutput {
  return {
    $metadata: {},
    FailedPutCount: failing.length,
    RequestResponses: (input.Records ?? []).map((_, index) =>
      failing.includes(index)
        ? { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' }
        : { RecordId: `record-${index}` },
    ),
  };
}

function recordingSleep(): { readonly delays: number[]; readonly sleep: (ms: number) => Promise<void> } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

describe('firehoseSink', () => {
  beforeEach(() => {
    firehose.reset();
    firehose.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => answer(input));
  });

  it('sends each fact as one newline-terminated JSON line to the stream', async () => {
    // Prepare
    const facts = [fact(1), fact(2, { kind: 'conversion', value: 42.5, currency: 'EUR' })];
    const sink = firehoseSink(client, STREAM, recordingSleep());

    // Act
    await sink.append(facts);

    // Assess
    expect(firehose).toHaveReceivedCommandTimes(PutRecordBatchCommand, 1);
    expect(firehose).toHaveReceivedCommandWith(PutRecordBatchCommand, { DeliveryStreamName: STREAM });
    const lines = sentRecords(0);
    expect(lines.every((line) => line.endsWith('\n') && line.indexOf('\n') === line.length - 1)).toBe(true);
    expect(lines.map((line) => JSON.parse(line))).toEqual(facts);
  });

  it('splits more than 500 facts into calls of at most 500, in order', async () => {
    // Prepare
    const facts = Array.from({ length: 1201 }, (_, index) => fact(index));
    const sink = firehoseSink(client, STREAM, recordingSleep());

    // Act
    await sink.append(facts);

    // Assess
    expect(firehose).toHaveReceivedCommandTimes(PutRecordBatchCommand, 3);
    expect([0, 1, 2].map((call) => sentRecords(call).length)).toEqual([500, 500, 201]);
    expect([0, 1, 2].flatMap(sentIds)).toEqual(facts.map((each) => each.id));
  });

  it('splits facts whose total passes 4 MiB into calls that each stay within it', async () => {
    // Prepare
    const facts = Array.from({ length: 120 }, (_, index) => bulkyFact(index));
    const sink = firehoseSink(client, STREAM, recordingSleep());

    // Act
    await sink.append(facts);

    // Assess
    const calls = firehose.commandCalls(PutRecordBatchCommand).length;
    expect(calls).toBeGreaterThan(1);
    const sizes = Array.from({ length: calls }, (_, call) => sentBytes(call));
    expect(sizes.every((size) => size <= FIREHOSE_LIMITS.bytesPerCall)).toBe(true);
    // Each call but the last is full: the next call's first record would have passed the limit.
    const firstRecordBytes = (call: number) => new TextEncoder().encode(sentRecords(call)[0]).byteLength;
    const full = sizes
      .slice(0, -1)
      .map((size, call) => size + firstRecordBytes(call + 1) > FIREHOSE_LIMITS.bytesPerCall);
    expect(full).toEqual(sizes.slice(0, -1).map(() => true));
    expect(Array.from({ length: calls }, (_, call) => sentIds(call)).flat()).toEqual(
      facts.map((each) => each.id),
    );
  });

  it('sends again only the records Firehose failed, after a jittered pause', async () => {
    // Prepare
    firehose
      .on(PutRecordBatchCommand)
      .callsFakeOnce((input: PutRecordBatchCommandInput) => answer(input, [1, 3]))
      .callsFake((input: PutRecordBatchCommandInput) => answer(input));
    const facts = [fact(0), fact(1), fact(2), fact(3)];
    const { delays, sleep } = recordingSleep();
    const sink = firehoseSink(client, STREAM, { sleep, random: () => 0.5 });

    // Act
    await sink.append(facts);

    // Assess
    expect(firehose).toHaveReceivedCommandTimes(PutRecordBatchCommand, 2);
    expect(sentIds(1)).toEqual([facts[1]?.id, facts[3]?.id]);
    expect(delays).toEqual([50]);
  });

  it('gives up after the attempts, naming how many failed, the first error and the facts', async () => {
    // Prepare
    firehose.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => answer(input, [0]));
    const facts = [fact(7), fact(8)];
    const { delays, sleep } = recordingSleep();
    const sink = firehoseSink(client, STREAM, { sleep, attempts: 3, random: () => 0.5 });

    // Act
    const appending = sink.append(facts);

    // Assess
    await expect(appending).rejects.toBeInstanceOf(FirehoseDeliveryError);
    await expect(appending).rejects.toThrow(
      /did not take 1 outcome fact\(s\) after 3 attempt\(s\), first error ServiceUnavailableException: Slow down\.: message:profile-7:cart-email$/,
    );
    await expect(appending).rejects.toMatchObject({ factIds: [facts[0]?.id] });
    expect(firehose).toHaveReceivedCommandTimes(PutRecordBatchCommand, 3);
    expect(sentIds(1)).toEqual([facts[0]?.id]);
    expect(delays).toEqual([50, 100]);
  });

  it('retries a call the service threw on, with every record of it', async () => {
    // Prepare
    firehose
      .on(PutRecordBatchCommand)
      .rejectsOnce(new ServiceUnavailableException({ message: 'Slow down.', $metadata: {} }))
      .callsFake((input: PutRecordBatchCommandInput) => answer(input));
    const facts = [fact(1), fact(2)];
    const { delays, sleep } = recordingSleep();
    const sink = firehoseSink(client, STREAM, { sleep, random: () => 0 });

    // Act
    await sink.append(facts);

    // Assess
    expect(firehose).toHaveReceivedCommandTimes(PutRecordBatchCommand, 2);
    expect(sentIds(1)).toEqual(facts.map((each) => each.id));
    expect(delays).toEqual([0]);
  });

  it('does not retry a request the service refused for good', async () => {
    // Prepare
    firehose
      .on(PutRecordBatchCommand)
      .rejects(new ResourceNotFoundException({ message: 'Stream not found.', $metadata: {} }));
    const sink = firehoseSink(client, STREAM, recordingSleep());

    // Act
    const appending = sink.append([fact(1)]);

    // Assess
    await expect(appending).rejects.toThrow(/ResourceNotFoundException: Stream not found\..*profile-1/);
    expect(firehose).toHaveReceivedCommandTimes(PutRecordBatchCommand, 1);
  });

  it('refuses an invalid fact by id and field, before sending anything', async () => {
    // Prepare
    const invalid = { ...fact(2), channel: 'fax' } as unknown as OutcomeFact; // a caller bypassing the type
    const sink = firehoseSink(client, STREAM, recordingSleep());

    // Act
    const appending = sink.append([fact(1), invalid]);

    // Assess
    await expect(appending).rejects.toThrow(
      /Outcome fact "message:profile-2:cart-email" is invalid: channel:/,
    );
    expect(firehose).not.toHaveReceivedAnyCommand();
  });
});

describe('toBatches', () => {
  it('refuses a record over the 1,000 KiB limit, naming its fact', () => {
    // Prepare
    const records = [
      { id: 'fits', data: new Uint8Array(FIREHOSE_LIMITS.bytesPerRecord) },
      { id: 'too-big', data: new Uint8Array(FIREHOSE_LIMITS.bytesPerRecord + 1) },
    ];

    // Act
    const batching = () => toBatches(records);

    // Assess
    expect(batching).toThrow(
      /Outcome fact too-big is 1024001 bytes, over Firehose's 1024000-byte record limit/,
    );
  });

  it('keeps a record at exactly the limit', () => {
    // Prepare
    const records = [{ id: 'fits', data: new Uint8Array(FIREHOSE_LIMITS.bytesPerRecord) }];

    // Act
    const batches = toBatches(records);

    // Assess
    expect(batches.map((batch) => batch.map((record) => record.id))).toEqual([['fits']]);
  });
});
