/**
 * Runs jobs one at a time in the order they were queued, the way a single EventBridge target sees
 * events of one publisher in order locally (AWS does not promise order; locally, a reproducible
 * order makes journeys and tests deterministic). A failing job never stops the ones after it.
 */
export class DeliveryQueue {
  private tail: Promise<void> = Promise.resolve();

  /** Queues `job`; the promise settles (never rejects) once the job has run. */
  push(job: () => Promise<void>): Promise<void> {
    const done = this.tail.then(job).catch(() => undefined);
    this.tail = done;
    return done;
  }

  /** Resolves once the queue is empty, including jobs queued by jobs that were running. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.tail;
      await seen;
    } while (seen !== this.tail);
  }
}
