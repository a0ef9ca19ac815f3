import { ScaledTime, type TimeSource } from '../runtime/time.ts';

/**
 * ScaledTime that can be halted for good. `ScaledTime.stop` clears the timers pending at that
 * moment, but a journey whose step was still in flight would set a new one right after and wake
 * later inside a platform already closed. Once halted, no sleep ever ends, so the journeys of a
 * stopped platform stay where they were saved, ready to be resumed.
 */
export class HaltableTime implements TimeSource {
  private halted = false;
  private readonly scaled: ScaledTime;

  constructor(
    readonly speed: number,
    start: Date,
  ) {
    this.scaled = new ScaledTime(speed, start);
  }

  now(): Date {
    return this.scaled.now();
  }

  sleepUntil(at: Date, signal?: AbortSignal): Promise<void> {
    if (this.halted) return new Promise<void>(() => undefined);
    return this.scaled.sleepUntil(at, signal);
  }

  /** Makes `at` now: journey time stands still while the platform starts. */
  resetTo(at: Date): void {
    this.scaled.resetTo(at);
  }

  halt(): void {
    this.halted = true;
    this.scaled.stop();
  }
}
