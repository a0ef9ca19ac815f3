/**
 * How far ahead of its arrival an event may be dated: the clocks of an app's servers and of
 * Lambda differ by seconds, not minutes. Consent and contact data are ordered by event time, so
 * an event dated in the future would outrank every real change until that time came: an opt-in
 * dated 2099 would make each later unsubscribe do nothing.
 */
export const MAX_TIME_AHEAD_MS = 5 * 60 * 1000;

/** Why the event's time is too far ahead of `now`, its arrival, or undefined when it is not. */
export function timeAheadProblem(time: string, now: Date): string | undefined {
  const ahead = Date.parse(time) - now.getTime();
  if (!(ahead > MAX_TIME_AHEAD_MS)) return undefined;
  return (
    `time: ${time} is ${spanOf(ahead)} after the event arrived (${now.toISOString()}); ` +
    `an event may be dated at most ${MAX_TIME_AHEAD_MS / 60_000} minutes ahead of its arrival`
  );
}

function spanOf(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 120) return `${Math.round(minutes)} minutes`;
  const hours = minutes / 60;
  if (hours < 48) return `${Math.round(hours)} hours`;
  return `${Math.round(hours / 24).toLocaleString('en-US')} days`;
}
