/**
 * Counts the work in flight (function invocations, event deliveries). Virtual time may only move
 * when nothing is in flight, or a journey would see the clock jump in the middle of a step.
 *
 * In serial mode (simulation) one piece of work runs at a time, in the order it was asked for:
 * two journeys that send at the same instant then meet caps and ledgers in the same order on
 * every run, which is what makes a simulation repeatable.
 */
export class Activity {
  private busy = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly serial = false) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.busy += 1;
    try {
      if (!this.serial) return await work();
      const turn = this.queue.then(work, work);
      this.queue = turn.catch(() => undefined);
      return await turn;
    } finally {
      this.busy -= 1;
    }
  }

  /** Whether nothing is in flight right now. */
  async isIdle(): Promise<boolean> {
    await new Promise((resolve) => setImmediate(resolve));
    return this.busy === 0;
  }

  /**
   * Resolves once nothing has been in flight for a few turns of the event loop: the engine moves
   * from one state to the next in microtasks, so a settled loop means every execution is asleep.
   */
  async quiescent(): Promise<void> {
    for (let calm = 0; calm < 3; ) {
      await new Promise((resolve) => setImmediate(resolve));
      calm = this.busy === 0 ? calm + 1 : 0;
    }
  }
}
