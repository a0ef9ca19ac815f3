/**
 * Counts the work in flight (function invocations, event deliveries). Virtual time may only move
 * when nothing is in flight, or a journey would see the clock jump in the middle of a step.
 */
export class Activity {
  private busy = 0;

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.busy += 1;
    try {
      return await work();
    } finally {
      this.busy -= 1;
    }
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
