import * as z from 'zod';
import { EventStatus } from '../../local/dev/event-status.ts';

/** An event the bus accepted, and whose customer it names, if it names one readably. */
export type Published = { readonly eventId: string; readonly profileId: string | undefined };

/** What send-event prints for one event once the platform has had its say, or not. */
export type Outcome =
  | { readonly kind: 'accepted'; readonly eventId: string; readonly duplicate: boolean }
  | { readonly kind: 'rejected'; readonly eventId: string; readonly reason: string }
  | { readonly kind: 'unknown'; readonly eventId: string; readonly why: string };

/** Long enough for a running dev server to ingest a batch, short enough to wait for at a prompt. */
export const OUTCOME_WAIT_MS = 5_000;
const POLL_MS = 50;
/** Requests in flight at once, so a file of thousands of events does not flood the endpoint. */
const CONCURRENCY = 8;

const DetailProfile = z.object({ profileId: z.string().min(1).max(200) });

/** The customer an entry's Detail names, so the dev server can look for the event in their records. */
export function profileOf(detail: string | undefined): string | undefined {
  try {
    const parsed = DetailProfile.safeParse(JSON.parse(detail ?? ''));
    return parsed.success ? parsed.data.profileId : undefined;
  } catch {
    return undefined;
  }
}

/** The dev server's admin endpoint beside a bus endpoint: the next port on the same host. */
export function adminBeside(busEndpoint: string): string {
  const url = new URL(busEndpoint);
  const port = Number(url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : url.port);
  return `${url.protocol}//${url.hostname.includes(':') ? `[${url.hostname}]` : url.hostname}:${port + 1}`;
}

/**
 * Asks the admin endpoint what became of each event until it says, or the time is up. An endpoint
 * that does not answer makes every status unknown: the bus took the events, and that is all that
 * can be said.
 */
export async function outcomesOf(
  admin: string,
  published: readonly Published[],
  waitMs: number = OUTCOME_WAIT_MS,
): Promise<Outcome[]> {
  const deadline = Date.now() + waitMs;
  const outcomes = new Map<string, Outcome>();
  let unreachable: string | undefined;
  let pending = [...published];
  while (pending.length > 0 && unreachable === undefined) {
    const stillPending: Published[] = [];
    for (let start = 0; start < pending.length; start += CONCURRENCY) {
      const answers = await Promise.all(
        pending.slice(start, start + CONCURRENCY).map((event) => ask(admin, event)),
      );
      for (const [index, answer] of answers.entries()) {
        const event = pending[start + index];
        if (event === undefined) continue;
        if (answer.kind === 'unreachable') unreachable = answer.why;
        else if (answer.kind === 'status' && answer.status.status !== 'pending')
          outcomes.set(event.eventId, outcomeOf(answer.status));
        else stillPending.push(event);
      }
    }
    pending = stillPending;
    if (pending.length === 0 || Date.now() + POLL_MS > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return published.map(
    ({ eventId }) =>
      outcomes.get(eventId) ?? {
        kind: 'unknown',
        eventId,
        why:
          unreachable ??
          `the platform had not finished with it after ${waitMs / 1000} s; see parcours trace or parcours rejected`,
      },
  );
}

type Answer =
  | { readonly kind: 'status'; readonly status: EventStatus }
  | { readonly kind: 'unreachable'; readonly why: string }
  | { readonly kind: 'unreadable' };

async function ask(admin: string, event: Published): Promise<Answer> {
  // The id in the query, as trace's: as a path segment an id of dots only is resolved away.
  const query = new URLSearchParams({
    id: event.eventId,
    ...(event.profileId === undefined ? {} : { profileId: event.profileId }),
  });
  let response: Response;
  try {
    response = await fetch(`${admin}/events?${query}`, {
      signal: AbortSignal.timeout(2_000),
    });
  } catch {
    return {
      kind: 'unreachable',
      why: `no dev server answered at ${admin}, so the platform's verdict is unknown`,
    };
  }
  if (response.status === 404)
    return { kind: 'unreachable', why: `${admin} does not report event outcomes (an older dev server?)` };
  const status = EventStatus.safeParse(await response.json().catch(() => undefined));
  return status.success ? { kind: 'status', status: status.data } : { kind: 'unreadable' };
}

function outcomeOf(status: Exclude<EventStatus, { status: 'pending' }>): Outcome {
  switch (status.status) {
    case 'processed':
      return { kind: 'accepted', eventId: status.eventId, duplicate: false };
    case 'duplicate':
      return { kind: 'accepted', eventId: status.eventId, duplicate: true };
    case 'rejected':
      return { kind: 'rejected', eventId: status.eventId, reason: status.reason };
  }
}

export function outcomeLine(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'accepted':
      return `accepted ${outcome.eventId}${outcome.duplicate ? ' (a duplicate: that event id was already processed)' : ''}`;
    case 'rejected':
      return `rejected ${outcome.eventId}: ${outcome.reason}`;
    case 'unknown':
      return `unknown ${outcome.eventId}: ${outcome.why}`;
  }
}
