import type { Clock } from '../../shared/clock/clock.ts';
import { SleeperQueue } from './sleeper-queue.ts';

/**
 * The local platform's time. Every wait of every journey goes through `sleepUntil`, so one
 * implementation runs journeys at a multiple of real time (`npm start`) and another replays
 * them in virtual time, jumping from one wake-up to the next (`parcours simulate`).
 */
export interface TimeSource extends Clock {
  /** Resolves at `at`; an aborted sleep never resolves and holds nothing. */
  sleepUntil(at: Date, signal?: AbortSignal): Promise<void>;
}

/** Real time sped up: an hour of journey time passes in 1 s of wall time at speed 3600. */
export class ScaledTime implements TimeSource {
  private realStart = Date.now();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly speed: number,
    private start: Date = new Date(),
  ) {}

  /** Makes `at` now: for a replay that starts once everything is loaded. */
  resetTo(at: Date): void {
    this.start = at;
    this.realStart = Date.now();
  }

  now(): Date {
    return new Date(this.start.getTime() + (Date.now() - this.realStart) * this.speed);
  }

  sleepUntil(at: Date, signal?: AbortSignal): Promise<void> {
    const delay = Math.max(0, (at.getTime() - this.now().getTime()) / this.speed);
    return new Promise((resolve) => {
      const abort = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
      };
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        // A clock's signal lives as long as the clock: a sleep over leaves no listener on it.
        signal?.removeEventListener('abort', abort);
        resolve();
      }, delay);
      this.timers.add(timer);
      signal?.addEventListener('abort', abort, { once: true });
    });
  }

  /** Stops every pending wait (they never resolve), so the process can exit on Ctrl-C. */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/**
 * Virtual time for simulation. Time only moves when the driver says so, and then straight to the
 * earliest wake-up; sleepers due at the same instant wake one at a time, in the order they went
 * to sleep, so two runs of the same input give the same result.
 */
export class VirtualTime implements TimeSource {
  private current: number;
  private sequence = 0;
  private readonly sleepers = new SleeperQueue();

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  sleepUntil(at: Date, signal?: AbortSignal): Promise<void> {
    const target = Math.max(at.getTime(), this.current);
    return new Promise((resolve) => {
      const abort = () => this.sleepers.cancel(sleeper);
      const wake = () => {
        // A clock's signal lives as long as the clock: a sleep over leaves no listener on it.
        signal?.removeEventListener('abort', abort);
        resolve();
      };
      const sleeper = { at: target, sequence: this.sequence++, wake, cancelled: false };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', abort, { once: true });
    });
  }

  /** The next instant something is due, if anything sleeps. */
  nextWakeUp(): Date | undefined {
    const next = this.sleepers.peek();
    return next === undefined ? undefined : new Date(next.at);
  }

  /** Moves time forward (never back) without waking anyone: used when an event is due first. */
  advanceTo(at: Date): void {
    this.current = Math.max(this.current, at.getTime());
  }

  /** Moves to the earliest wake-up and wakes exactly that one sleeper. */
  wakeNext(): boolean {
    const next = this.sleepers.pop();
    if (next === undefined) return false;
    this.current = Math.max(this.current, next.at);
    next.wake();
    return true;
  }

  get sleeping(): number {
    return this.sleepers.size;
  }
}
