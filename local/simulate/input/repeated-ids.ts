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

/** Two events of one customer with one id and different times, by their positions in the input. */
export type RepeatedId = { readonly first: number; readonly other: number };

/**
 * The events that reuse an id their customer's other event has at another time. Parcours knows
 * an event by its id (with its time only in the event store): aggregates keep the ids they
 * counted, journeys are named after their trigger's id, entry outcomes are kept by it. A second
 * event under the id would be counted by some of them and taken for a redelivery by the others.
 * EventBridge gives every event an id of its own; only a simulation's input, whose ids are the
 * user's, can repeat one. The same id at the same time is a redelivery, applied once, and stays.
 *
 * Sorted rather than kept in a map, so a backtest of millions of events needs one number per
 * event; `sameCustomer` settles the rare pair whose customers' hashes collide.
 */
export async function repeatedIds(
  { ids, times, customers }: EventColumns,
  sameCustomer: (a: number, b: number) => Promise<boolean> | boolean,
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
      found.push(...(await repeatsOfRun(order.slice(runStart, index), times, sameCustomer)));
    runStart = index;
  }
  return found.sort((a, b) => a.other - b.other);
}

/**
 * In a run of one hash and one id, sorted by time: each event against the first event of each
 * customer seen in the run (one, unless hashes collide). An event at its customer's first time is a
 * redelivery; at another time, a repeat.
 */
async function repeatsOfRun(
  run: readonly number[],
  times: readonly number[],
  sameCustomer: (a: number, b: number) => Promise<boolean> | boolean,
): Promise<RepeatedId[]> {
  const firsts: number[] = [];
  const found: RepeatedId[] = [];
  for (const position of run) {
    let customerFirst: number | undefined;
    for (const first of firsts)
      if (times[first] === times[position] || (await sameCustomer(first, position))) {
        customerFirst = first;
        break;
      }
    if (customerFirst === undefined) firsts.push(position);
    else if (times[customerFirst] !== times[position])
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
  return (
    `${other.where}: id: "${id}" is the id of customer "${profileId}"'s event at ` +
    `${new Date(first.at).toISOString()} (${first.where}), and this event is at ` +
    `${new Date(other.at).toISOString()}: an id names one event (a line repeated with its time is a ` +
    'redelivery, applied once); give this event an id of its own'
  );
}
