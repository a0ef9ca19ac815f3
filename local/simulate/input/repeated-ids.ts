/**
 * What the check of repeated ids reads of the events, one column each, by position: a backtest's
 * millions of events are kept as columns rather than as an object each.
 */
export type EventColumns = {
  readonly ids: readonly string[];
  /** Each event's time (ms). */
  readonly times: readonly number[];
  /** Each customer's hash (see profileHash): equal for one customer, and rarely for two. */
  readonly customers: readonly number[];
};

/** Two events of one customer under one id, by their positions in the input. */
export type RepeatedId = { readonly first: number; readonly other: number };

/** Whether the events at two positions are the customer's: settles colliding hashes. */
type SameCustomer = (a: number, b: number) => Promise<boolean> | boolean;
/** Whether the events at two positions are one event, field for field: a redelivery. */
type SameEvent = (a: number, b: number) => Promise<boolean> | boolean;

/**
 * The events that reuse an id their customer's other event has. Parcours knows an event by its id
 * (with its time only in the event store): aggregates keep the ids they counted, journeys are
 * named after their trigger's id, entry outcomes are kept by it. A second event under the id would
 * be counted by some of them and taken for a redelivery by the others, and ingest applies a
 * redelivery once: an opt-out under its cart's id and time was dropped, and the customer emailed.
 * EventBridge gives every event an id of its own; only a simulation's input, whose ids are the
 * user's, can repeat one. The same event again (same id, time and fields) is a redelivery, applied
 * once, and stays.
 *
 * Sorted rather than kept in a map, so a backtest of millions of events needs one number per
 * event; `sameCustomer` settles the rare pair whose customers' hashes collide, and `sameEvent` the
 * pairs at one time.
 */
export async function repeatedIds(
  { ids, times, customers }: EventColumns,
  sameCustomer: SameCustomer,
  sameEvent: SameEvent,
): Promise<RepeatedId[]> {
  const order = [...ids.keys()].sort(
    (a, b) =>
      (customers[a] ?? 0) - (customers[b] ?? 0) ||
      compareCodeUnits(ids[a] ?? '', ids[b] ?? '') ||
      (times[a] ?? 0) - (times[b] ?? 0),
  );
  const found: RepeatedId[] = [];
  let runStart = 0;
  for (let index = 1; index <= order.length; index += 1) {
    const [start, current] = [order[runStart] ?? 0, order[index]];
    if (current !== undefined && customers[start] === customers[current] && ids[start] === ids[current])
      continue;
    if (index - runStart > 1)
      found.push(...(await repeatsOfRun(order.slice(runStart, index), times, sameCustomer, sameEvent)));
    runStart = index;
  }
  return found.sort((a, b) => a.other - b.other);
}

/**
 * In a run of one hash and one id, sorted by time: each event against the first event of each
 * customer seen in the run (one, unless hashes collide). The same event again is a redelivery;
 * another event of the customer, at another time or the same, a repeat.
 */
async function repeatsOfRun(
  run: readonly number[],
  times: readonly number[],
  sameCustomer: SameCustomer,
  sameEvent: SameEvent,
): Promise<RepeatedId[]> {
  const firsts: number[] = [];
  const found: RepeatedId[] = [];
  for (const position of run) {
    let customerFirst: number | undefined;
    let redelivery = false;
    for (const first of firsts) {
      redelivery = times[first] === times[position] && (await sameEvent(first, position));
      if (redelivery || (await sameCustomer(first, position))) {
        customerFirst = first;
        break;
      }
    }
    if (customerFirst === undefined) firsts.push(position);
    else if (!redelivery)
      found.push(
        customerFirst < position
          ? { first: customerFirst, other: position }
          : { first: position, other: customerFirst },
      );
  }
  return found;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The problem of one repeated id, naming both events' places and times. */
export function repeatedIdProblem(
  id: string,
  profileId: string,
  first: { readonly where: string; readonly at: number },
  other: { readonly where: string; readonly at: number },
): string {
  const thisEvent =
    first.at === other.at
      ? 'this is another event at the same time'
      : `this event is at ${new Date(other.at).toISOString()}`;
  return (
    `${other.where}: id: "${id}" is the id of customer "${profileId}"'s event at ` +
    `${new Date(first.at).toISOString()} (${first.where}), and ${thisEvent}: an id names one event ` +
    '(the same event again, time and fields, is a redelivery, applied once); give this event an id of its own'
  );
}
