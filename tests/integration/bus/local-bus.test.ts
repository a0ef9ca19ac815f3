import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import {
  DescribeEventBusCommand,
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../local/bus/bus-event.ts';
import { describeFailedDelivery, type FailedDelivery } from '../../../local/bus/delivery-retry.ts';
import { type LocalBus, type LocalBusProps, startLocalBus } from '../../../local/bus/local-bus.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';

const clock = new ManualClock('2026-03-01T10:00:00.123Z');
const opened: Array<{ bus: LocalBus; client: EventBridgeClient }> = [];

afterEach(async () => {
  for (const { bus, client } of opened.splice(0)) {
    client.destroy();
    await bus.close();
  }
});

/** A bus on a free loopback port, and the official client pointed at it as an app would be. */
async function openBus(
  props: Partial<LocalBusProps> = {},
): Promise<{ bus: LocalBus; client: EventBridgeClient }> {
  const bus = await startLocalBus({ port: 0, clock, ...props });
  const client = new EventBridgeClient({
    endpoint: bus.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const pair = { bus, client };
  opened.push(pair);
  return pair;
}

/** Subscribes and returns the list the subscriber appends to. */
function collect(bus: LocalBus, name: string, pattern: Parameters<LocalBus['subscribe']>[1]): BusEvent[] {
  const received: BusEvent[] = [];
  bus.subscribe(name, pattern, async (event) => {
    received.push(event);
  });
  return received;
}

function entry(detailType: string, detail: object = { profileId: 'p-1' }): PutEventsRequestEntry {
  return { Source: 'shop.app', DetailType: detailType, Detail: JSON.stringify(detail) };
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

describe('local bus over the official EventBridge client', () => {
  it('delivers each entry to the subscriptions whose pattern matches, and to no other', async () => {
    // Prepare
    const { bus, client } = await openBus({ deliverBeforeResponse: true });
    const carts = collect(bus, 'carts', { source: ['shop.app'], 'detail-type': ['cart.updated'] });
    const bigOrders = collect(bus, 'big-orders', {
      'detail-type': ['order.placed'],
      detail: { total: [{ numeric: ['>=', 100] }] },
    });
    const other = collect(bus, 'other-source', { source: ['crm.app'] });

    // Act
    const response = await client.send(
      new PutEventsCommand({
        Entries: [
          entry('cart.updated'),
          entry('order.placed', { profileId: 'p-1', total: 250 }),
          entry('order.placed', { profileId: 'p-2', total: 20 }),
        ],
      }),
    );

    // Assess
    expect(response.FailedEntryCount).toBe(0);
    const ids = (response.Entries ?? []).map((result) => result.EventId);
    expect(carts.map((event) => event.id)).toEqual([ids[0]]);
    expect(bigOrders.map((event) => event.id)).toEqual([ids[1]]);
    expect(other).toEqual([]);
  });

  it('wraps an entry in the EventBridge envelope, with Time or else the clock in whole seconds', async () => {
    // Prepare
    const { bus, client } = await openBus({ deliverBeforeResponse: true, region: 'eu-west-3' });
    const received = collect(bus, 'all', { source: ['shop.app'] });

    // Act
    const response = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            ...entry('cart.updated', { profileId: 'p-1', items: [1, 2] }),
            Resources: ['arn:aws:x:::cart/1'],
          },
          { ...entry('cart.updated'), Time: new Date('2026-02-14T08:30:05.900Z'), EventBusName: 'parcours' },
        ],
      }),
    );

    // Assess
    const [first, second] = response.Entries ?? [];
    expect(received).toEqual([
      {
        version: '0',
        id: first?.EventId,
        'detail-type': 'cart.updated',
        source: 'shop.app',
        account: '000000000000',
        time: '2026-03-01T10:00:00Z',
        region: 'eu-west-3',
        resources: ['arn:aws:x:::cart/1'],
        detail: { profileId: 'p-1', items: [1, 2] },
      },
      expect.objectContaining({ id: second?.EventId, time: '2026-02-14T08:30:05Z', resources: [] }),
    ]);
    expect(first?.EventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('fails a bad entry alone, with the error code EventBridge gives, and accepts the others', async () => {
    // Prepare
    const { bus, client } = await openBus({ deliverBeforeResponse: true });
    const received = collect(bus, 'all', { source: ['shop.app'] });

    // Act
    const response = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'shop.app', DetailType: 'bad', Detail: '{not json' },
          { Source: 'shop.app', DetailType: 'bad', Detail: '[1, 2]' },
          entry('good'),
          { Source: 'shop.app', Detail: '{}' },
        ],
      }),
    );

    // Assess
    expect(response.FailedEntryCount).toBe(3);
    expect(response.Entries).toEqual([
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { EventId: received[0]?.id },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
      },
    ]);
    expect(received.map((event) => event['detail-type'])).toEqual(['good']);
  });

  it('refuses a Time past the year 9999, which has no RFC 3339 form for its journal to read back', async () => {
    // Prepare: milliseconds sent where epoch seconds are meant
    const { bus, client } = await openBus({ deliverBeforeResponse: true });
    const received = collect(bus, 'all', { source: ['shop.app'] });

    // Act
    const response = await client.send(
      new PutEventsCommand({
        Entries: [
          { ...entry('late'), Time: new Date(Date.parse('2026-03-01T10:00:00Z') * 1000) },
          entry('good'),
        ],
      }),
    );

    // Assess
    expect(response.Entries?.[0]).toEqual({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameter Time is not valid. Reason: Time must be epoch seconds or an RFC 3339 date.',
    });
    expect(received.map((event) => event['detail-type'])).toEqual(['good']);
  });

  it('keeps a detail as sent, a __proto__ key included, for ingest to refuse as it does on AWS', async () => {
    // Prepare
    const { bus, client } = await openBus({ deliverBeforeResponse: true });
    const received = collect(bus, 'all', { source: ['shop.app'] });

    // Act
    await client.send(
      new PutEventsCommand({
        Entries: [{ ...entry('proto'), Detail: '{"profileId":"p-1","__proto__":{"polluted":true}}' }],
      }),
    );

    // Assess
    const [event] = received;
    expect(event === undefined ? [] : Object.keys(event.detail)).toEqual(['profileId', '__proto__']);
    expect(Reflect.get({}, 'polluted')).toBeUndefined();
  });

  it('closes at once past a request whose body stalls half sent, taking nothing of it', async () => {
    // Prepare: a PutEvents that promises 5,000 bytes and sends the first few, then waits
    const bus = await startLocalBus({ port: 0, clock });
    const received = collect(bus, 'all', { source: ['shop.app'] });
    const stalled = connect(bus.port, '127.0.0.1');
    const dropped = new Promise<void>((resolve) => stalled.on('close', () => resolve()));
    stalled.on('error', () => undefined);
    stalled.write(
      [
        'POST / HTTP/1.1',
        `Host: 127.0.0.1:${bus.port}`,
        'Content-Type: application/x-amz-json-1.1',
        'X-Amz-Target: AWSEvents.PutEvents',
        'Content-Length: 5000',
        '',
        '{"Entries":[',
      ].join('\r\n'),
    );
    await sleep(200);

    // Act: the client never sends the rest nor hangs up; closing waited for it until it did
    await bus.close();

    // Assess: the server dropped the connection, and took nothing of the request
    await dropped;
    expect(stalled.destroyed).toBe(true);
    expect(received).toEqual([]);
  });

  it('refuses a request of more than 10 entries whole, as a ValidationException', async () => {
    // Prepare
    const { bus, client } = await openBus({ deliverBeforeResponse: true });
    const received = collect(bus, 'all', { source: ['shop.app'] });
    const eleven = Array.from({ length: 11 }, (_, index) => entry(`e${index}`));

    // Act
    const sent = client.send(new PutEventsCommand({ Entries: eleven }));

    // Assess
    await expect(sent).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Member must have length less than or equal to 10'),
      $metadata: expect.objectContaining({ httpStatusCode: 400 }),
    });
    expect(received).toEqual([]);
  });

  it('answers an operation it does not serve with an AWS JSON error the client understands', async () => {
    // Prepare
    const { client } = await openBus();

    // Act
    const sent = client.send(new DescribeEventBusCommand({ Name: 'default' }));

    // Assess
    await expect(sent).rejects.toMatchObject({
      name: 'UnknownOperationException',
      message: expect.stringContaining('AWSEvents.DescribeEventBus'),
      $metadata: expect.objectContaining({ httpStatusCode: 400 }),
    });
  });

  it('answers before delivering by default, then drains the queue in order; idle() waits for it', async () => {
    // Prepare
    const { bus, client } = await openBus();
    const delivered: string[] = [];
    bus.subscribe('slow-first', { source: ['shop.app'] }, async (event) => {
      // Later events are faster, so only a queue that waits keeps them in order.
      await sleep(event['detail-type'] === 'e0' ? 40 : 5);
      delivered.push(event['detail-type']);
    });

    // Act
    await client.send(new PutEventsCommand({ Entries: [entry('e0'), entry('e1'), entry('e2')] }));
    const deliveredWhenAnswered = [...delivered];
    await client.send(new PutEventsCommand({ Entries: [entry('e3')] }));
    await bus.publish({ source: 'shop.app', 'detail-type': 'e4', detail: { profileId: 'p-1' } });
    await bus.idle();

    // Assess
    expect(deliveredWhenAnswered).toEqual([]);
    expect(delivered).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
  });

  it('retries a failing subscriber alone, then parks the event and reports each attempt with the event and customer', async () => {
    // Prepare
    const failures: Array<{ error: unknown; failed: FailedDelivery; line: string }> = [];
    const { bus, client } = await openBus({
      retry: { attempts: 3, firstDelayMs: 1, maxDelayMs: 2 },
      onDeliveryError: (error, failed) =>
        failures.push({ error, failed, line: describeFailedDelivery(error, failed) }),
    });
    bus.subscribe('broken', { source: ['shop.app'] }, () => {
      throw new Error('target down');
    });
    const healthy = collect(bus, 'healthy', { source: ['shop.app'] });

    // Act
    const response = await client.send(
      new PutEventsCommand({
        Entries: [entry('e0', { profileId: 'jane' }), entry('e1', { profileId: 'tom' })],
      }),
    );
    await bus.idle();

    // Assess
    const [first, second] = (response.Entries ?? []).map((result) => result.EventId);
    expect(healthy.map((event) => event['detail-type'])).toEqual(['e0', 'e1']);
    expect(
      failures.map(({ failed }) => [failed.subscription, failed.event.id, failed.attempt, failed.next.kind]),
    ).toEqual([
      ['broken', first, 1, 'retry'],
      ['broken', first, 2, 'retry'],
      ['broken', first, 3, 'parked'],
      ['broken', second, 1, 'retry'],
      ['broken', second, 2, 'retry'],
      ['broken', second, 3, 'parked'],
    ]);
    expect(failures[0]?.error).toEqual(new Error('target down'));
    expect(failures[0]?.line).toBe(
      `local bus: "broken" failed on event ${first} (e0, customer jane), attempt 1 of 3: target down; retrying in 1 ms`,
    );
    expect(failures[5]?.line).toContain(`event ${second} (e1, customer tom), attempt 3 of 3`);
    expect(failures[5]?.line).toContain('delivered again at the next start');
    expect(bus.backlog()).toEqual({ undelivered: 2, parked: 2 });
  });

  it('acknowledges an event once a subscriber that failed recovers, without delivering it again elsewhere', async () => {
    // Prepare
    const attempts: string[] = [];
    const { bus } = await openBus({
      retry: { attempts: 5, firstDelayMs: 1, maxDelayMs: 1 },
      onDeliveryError: () => {},
    });
    bus.subscribe('flaky', { source: ['shop.app'] }, async (event) => {
      attempts.push(event['detail-type']);
      if (attempts.length <= 2) throw new Error('store restarting');
    });
    const healthy = collect(bus, 'healthy', { source: ['shop.app'] });

    // Act
    await bus.publish(entry('e0'));
    await bus.publish(entry('e1'));
    await bus.idle();

    // Assess
    expect(attempts).toEqual(['e0', 'e0', 'e0', 'e1']);
    expect(healthy.map((event) => event['detail-type'])).toEqual(['e0', 'e1']);
    expect(bus.backlog()).toEqual({ undelivered: 0, parked: 0 });
  });

  it('answers a body sent with another Content-Type than AWS JSON 1.1 with UnknownOperationException, unread', async () => {
    // Prepare
    const { bus } = await openBus({ deliverBeforeResponse: true });
    const received = collect(bus, 'all', { source: ['shop.app'] });
    const body = JSON.stringify({ Entries: [entry('e0')] });
    const post = (contentType: string) =>
      fetch(bus.endpoint, {
        method: 'POST',
        headers: { 'content-type': contentType, 'x-amz-target': 'AWSEvents.PutEvents' },
        body,
      });

    // Act
    const wrong = await post('application/json');
    const wrongBody: unknown = await wrong.json();
    const withCharset = await post('application/x-amz-json-1.1; charset=utf-8');

    // Assess
    expect(wrong.status).toBe(404);
    expect(wrongBody).toEqual({
      __type: 'UnknownOperationException',
      message: expect.stringContaining('Content-Type must be application/x-amz-json-1.1'),
    });
    expect(withCharset.status).toBe(200);
    expect(received).toHaveLength(1);
  });

  it('refuses a request naming another host than loopback (DNS rebinding), publishing nothing', async () => {
    // Prepare: what a web page whose domain points at 127.0.0.1 sends from a browser
    const { bus } = await openBus({ deliverBeforeResponse: true });
    const received = collect(bus, 'all', { source: ['shop.app'] });
    const body = JSON.stringify({ Entries: [entry('e0')] });
    const post = (host: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const request = httpRequest(
          bus.endpoint,
          {
            method: 'POST',
            headers: {
              host,
              'content-type': 'application/x-amz-json-1.1',
              'x-amz-target': 'AWSEvents.PutEvents',
            },
          },
          (response) => {
            let text = '';
            response.on('data', (chunk: Buffer) => {
              text += chunk.toString('utf8');
            });
            response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    const port = new URL(bus.endpoint).port;

    // Act
    const rebound = await post(`rebind.attacker.example:${port}`);
    const local = await post(`localhost:${port}`);

    // Assess
    expect(rebound.status).toBe(421);
    expect(JSON.parse(rebound.text)).toMatchObject({ __type: 'AccessDeniedException' });
    expect(local.status).toBe(200);
    expect(received).toHaveLength(1);
  });

  it('takes in-process events as envelopes or entries, keeping a replayed id and time', async () => {
    // Prepare
    const { bus } = await openBus();
    const received = collect(bus, 'all', { detail: { profileId: [{ exists: true }] } });

    // Act
    const replayed = await bus.publish({
      id: 'evt-1',
      time: '2026-01-01T00:00:00Z',
      source: 'shop.app',
      'detail-type': 'cart.updated',
      detail: { profileId: 'p-1' },
    });
    const fromEntry = await bus.publish(entry('order.placed'));
    const invalid = bus.publish({ Source: 'shop.app', DetailType: 'x', Detail: 'nope' });
    await bus.idle();

    // Assess
    await expect(invalid).rejects.toThrow('MalformedDetail: Detail is malformed.');
    expect(replayed).toMatchObject({ id: 'evt-1', time: '2026-01-01T00:00:00Z', account: '000000000000' });
    expect(fromEntry).toMatchObject({ source: 'shop.app', time: '2026-03-01T10:00:00Z' });
    expect(received).toEqual([replayed, fromEntry]);
  });

  it('refuses an in-process envelope nested deeper than EventBridge processes, naming the event', async () => {
    // Prepare: 2,000 levels, which overflowed the copy made for each subscriber
    const { bus } = await openBus();
    const received = collect(bus, 'all', { detail: { profileId: [{ exists: true }] } });
    let deep: unknown = 1;
    for (let level = 0; level < 2_000; level += 1) deep = { a: deep };

    // Act
    const publishing = bus.publish({
      id: 'evt-deep',
      source: 'shop.app',
      'detail-type': 'cart.updated',
      detail: { profileId: 'p-1', deep },
    });

    // Assess
    await expect(publishing).rejects.toThrow(
      'event evt-deep: MalformedDetail: Detail is malformed: nested deeper than 1100 levels',
    );
    await bus.idle();
    expect(received).toEqual([]);
  });
});
