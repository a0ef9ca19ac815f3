import * as z from 'zod/mini';
import { durationSeconds, MAX_EXECUTION_SECONDS } from '../../language/duration.ts';
import { isTimeZone } from '../../language/time-zone.ts';
import { endsWhenDatePassed, WaitSpec } from '../../language/wait-spec.ts';
// So that prettifyError names what is wrong in words where no classic zod loads.
import '../config/zod-messages.ts';
import { parseTimestamp } from './timestamp.ts';
import { nextWindowOpening } from './windows.ts';

export interface WakeContext {
  now: Date;
  /** The profile's zone, already resolved (see resolveTimeZone). */
  timeZone: string;
  /** What `until: profile.<path>` reads. */
  profile: Record<string, unknown>;
  /** What `until: event.<path>` reads: the trigger event's envelope, e.g. `event.detail.renewsAt`. */
  event: Record<string, unknown>;
}

/**
 * `passed`: the wait is `until` a date whose wake-up was already more than the grace past, and the
 * step says `if-passed: exit` (the default); the text says which field, never its value.
 */
export type Wake = { at: Date; note?: string } | { error: string } | { passed: string };

const MAX_AHEAD_MS = MAX_EXECUTION_SECONDS * 1_000;

/**
 * How late a wake-up `until` a date may be and still count as due now: a journey that reaches the
 * wait a little after the moment (a slow step, an event sent late) is late, not wrong.
 */
export const PASSED_GRACE_SECONDS = 3_600;

/**
 * When a wait step wakes up. A wake-up past by less than the grace is `now`; one past by more ends
 * the journey (`passed`) unless the step says `if-passed: continue`, so a birth date in 1990 never
 * sends at once. None is more than a year ahead, the longest a Step Functions standard workflow runs.
 */
export function resolveWake(spec: WaitSpec, context: WakeContext): Wake {
  // The spec travels through the state machine's input, so check it holds exactly one base.
  const parsed = WaitSpec.safeParse(spec);
  if (!parsed.success) return { error: `invalid wait: ${z.prettifyError(parsed.error)}` };
  const { now, timeZone } = context;
  if (Number.isNaN(now.getTime())) return { error: 'invalid current time' };
  if (!isTimeZone(timeZone)) return { error: `invalid time zone "${timeZone}"` };
  const wait = parsed.data;

  if (wait.window !== undefined) {
    return withinAYear(nextWindowOpening(now, { window: wait.window, days: wait.days }, timeZone), now);
  }
  const base =
    wait.for !== undefined
      ? { time: now.getTime() + durationSeconds(wait.for) * 1_000 }
      : untilTime(wait, context);
  if ('error' in base) return base;
  const lateMs = now.getTime() - base.time;
  if (endsWhenDatePassed(wait) && lateMs > PASSED_GRACE_SECONDS * 1_000) {
    return {
      passed: `"${wait.until}"${offsetText(wait)} was more than an hour past when the journey reached the wait`,
    };
  }
  const due = Math.max(base.time, now.getTime());
  // Past the limit no window can be honoured anyway; this also keeps absurd dates out of Date.
  if (due - now.getTime() > MAX_AHEAD_MS) return aYearAhead(now);
  const dueDate = new Date(due);
  return withinAYear(
    wait.then === undefined ? dueDate : nextWindowOpening(dueDate, wait.then, timeZone),
    now,
  );
}

function untilTime(wait: WaitSpec, context: WakeContext): { time: number } | { error: string } {
  const path = wait.until;
  if (path === undefined) return { error: 'a wait needs one of "for", "until" or "window"' };
  const value = readPath(path, context);
  if (value === undefined || value === null) return { error: `"${path}" is missing` };
  const time = parseTimestamp(value, context.timeZone);
  if (time === undefined) {
    // The value itself stays out of the message: the field may hold personal data.
    return { error: `"${path}" is not an ISO 8601 date or date-time (got ${describe(value)})` };
  }
  const before = wait.before === undefined ? 0 : durationSeconds(wait.before);
  const after = wait.after === undefined ? 0 : durationSeconds(wait.after);
  return { time: time + (after - before) * 1_000 };
}

/** `profile.a.b` or `event.detail.x`, own properties only, so "constructor" is not a field. */
function readPath(path: string, context: WakeContext): unknown {
  const [root, ...keys] = path.split('.');
  let value: unknown = root === 'profile' ? context.profile : root === 'event' ? context.event : undefined;
  for (const key of keys) {
    if (!isRecord(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return 'a string of another format';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

function offsetText(wait: WaitSpec): string {
  if (wait.before !== undefined) return ` less ${wait.before}`;
  if (wait.after !== undefined) return ` plus ${wait.after}`;
  return '';
}

function withinAYear(at: Date, now: Date): Wake {
  return at.getTime() - now.getTime() <= MAX_AHEAD_MS ? { at } : aYearAhead(now);
}

function aYearAhead(now: Date): Wake {
  return {
    at: new Date(now.getTime() + MAX_AHEAD_MS),
    note: `clamped to ${MAX_EXECUTION_SECONDS / 86_400} days ahead, the longest a standard workflow runs`,
  };
}
