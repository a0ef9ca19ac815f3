import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';

/** PutEvents takes at most 10 entries. */
const BATCH_SIZE = 10;

/** One customer's events go through one lane, in order; lanes run side by side. */
export type Lane = { readonly entries: readonly PutEventsRequestEntry[]; sent: number };

/**
 * Publishes a stream with the official EventBridge client, the way an app with several workers
 * would: each lane sends its batches one after the other, so a customer's events are accepted in
 * the order they were produced, while lanes overlap. An event counts as acknowledged only when
 * PutEvents answered with its EventId; a batch that got no answer (the platform was killed) stops
 * its lane there, to be sent again after the restart.
 */
export class LanePublisher {
  /** The EventIds PutEvents answered. */
  readonly acknowledged: string[] = [];
  /** Entries PutEvents refused one by one (FailedEntryCount), with the code it gave. */
  readonly refused: string[] = [];
  private readonly lanes: Lane[];

  constructor(streams: readonly (readonly PutEventsRequestEntry[])[]) {
    this.lanes = streams.map((entries) => ({ entries, sent: 0 }));
  }

  get total(): number {
    return this.lanes.reduce((sum, lane) => sum + lane.entries.length, 0);
  }

  get remaining(): number {
    return this.lanes.reduce((sum, lane) => sum + lane.entries.length - lane.sent, 0);
  }

  /**
   * Sends until every lane is done or stopped by a failed request. `afterBatch` runs after each
   * acknowledged batch; it may kill the platform, which fails the lanes' requests in flight.
   */
  async run(endpoint: string, afterBatch: () => Promise<void> = async () => undefined): Promise<void> {
    const client = new EventBridgeClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      // A retry would hide the very failures this counts: a request is answered or it is not.
      maxAttempts: 1,
    });
    try {
      await Promise.all(this.lanes.map((lane) => this.runLane(client, lane, afterBatch)));
    } finally {
      client.destroy();
    }
  }

  private async runLane(client: EventBridgeClient, lane: Lane, afterBatch: () => Promise<void>) {
    while (lane.sent < lane.entries.length) {
      const batch = lane.entries.slice(lane.sent, lane.sent + BATCH_SIZE);
      let results: PutEventsResultEntry[] | undefined;
      try {
        results = (await client.send(new PutEventsCommand({ Entries: batch }))).Entries;
      } catch {
        return;
      }
      for (const result of results ?? []) {
        if (result.EventId !== undefined) this.acknowledged.push(result.EventId);
        else this.refused.push(`${result.ErrorCode}: ${result.ErrorMessage}`);
      }
      lane.sent += batch.length;
      await afterBatch();
    }
  }
}
