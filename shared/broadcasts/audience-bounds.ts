import { ERROR_NAMES } from '../../language/error-names.ts';

/**
 * The most customers one occurrence reaches. The audience function holds the audience in memory
 * until its files are written, about 200 bytes a recipient; at 1,769 MB that leaves room for
 * about 8 million, and this bound fails the export with its reason before the function runs out.
 */
export const MAX_AUDIENCE = 7_000_000;

/**
 * The time an export keeps to write its files and answer once it stops reading: the scan stops
 * when less than this is left of the invocation, rather than be cut off by the timeout unnamed.
 */
export const EXPORT_TIME_MARGIN_MS = 60_000;

/** How far an occurrence's export may go, shared by the segments read at once. */
export type AudienceBounds = {
  /** How long the invocation may still run. */
  readonly remainingMs: () => number;
  /** The customers taken so far by every segment. */
  taken: number;
};

export function audienceBounds(remainingMs: () => number): AudienceBounds {
  return { remainingMs, taken: 0 };
}

/**
 * An audience larger than one invocation takes. It fails the broadcast at once, naming the
 * occurrence and how far the export went: retried, it would take as long and as much again, and
 * nothing has been sent.
 */
export class AudienceTooLargeError extends Error {
  override readonly name = ERROR_NAMES.audienceTooLarge;
}

/** Throws AudienceTooLargeError when the export has taken too many customers or too much time. */
export function checkAudienceBounds(bounds: AudienceBounds, scenario: string, reading: string): void {
  const overCount = bounds.taken > MAX_AUDIENCE;
  if (!overCount && bounds.remainingMs() >= EXPORT_TIME_MARGIN_MS) return;
  const reason = overCount
    ? `more than ${MAX_AUDIENCE.toLocaleString('en-US')} customers`
    : `more than one invocation can read (${bounds.taken.toLocaleString('en-US')} customers taken when its time ran short)`;
  throw new AudienceTooLargeError(
    `the audience of scenario "${scenario}", occurrence ${reading}, is ${reason}: nothing was sent. ` +
      'Narrow the audience with a segment, or split the scenario into several with narrower segments',
  );
}
