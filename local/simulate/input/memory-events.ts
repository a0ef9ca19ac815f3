import type { EventEnvelope } from '../../../shared/events/envelope.ts';
import { profileHash } from '../shards.ts';
import { InputProblems } from './input-problems.ts';
import { repeatedIdProblem, repeatedIds } from './repeated-ids.ts';

/**
 * Refuses events given in memory of which one reuses an id of its customer's other event, as the
 * events file's are (see repeatedIds), naming each by its place in the list.
 */
export async function checkEventIds(events: readonly EventEnvelope[]): Promise<void> {
  const times = events.map(({ time }) => Date.parse(time));
  const repeats = await repeatedIds(
    {
      ids: events.map(({ id }) => id),
      times,
      customers: events.map(({ detail }) => profileHash(detail.profileId)),
    },
    (a, b) => events[a]?.detail.profileId === events[b]?.detail.profileId,
    (a, b) => JSON.stringify(events[a]) === JSON.stringify(events[b]),
  );
  const problems = new InputProblems();
  const placeOf = (position: number) => ({ where: `events[${position}]`, at: times[position] ?? 0 });
  for (const { first, other } of repeats) {
    const event = events[other];
    if (event !== undefined)
      problems.add([repeatedIdProblem(event.id, event.detail.profileId, placeOf(first), placeOf(other))]);
  }
  problems.throwIfAny();
}
