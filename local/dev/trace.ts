import * as z from 'zod';
import { EventEnvelope } from '../../shared/events/envelope.ts';
import { eventsSince } from '../../shared/events/event-store.ts';
import { EntryOutcomeRecord, entryOutcomesOf } from '../../shared/journeys/entry-outcomes.ts';
import { JourneyRecord, journeysOf } from '../../shared/journeys/journey-store.ts';
import { LedgerRecord } from '../../shared/ledger/ledger-record.ts';
import { ledgerOf } from '../../shared/ledger/ledger-store.ts';
import { Profile } from '../../shared/profiles/profile.ts';
import { loadCustomer } from '../../shared/profiles/store.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';
import type { ProjectScenario } from '../../state-machines/compile-project.ts';
import { type Outbox, OutboxEntry } from '../outbox/outbox.ts';
import { ExecutionRecord } from '../runtime/execution-record.ts';
import { executionsOf } from '../runtime/execution-store.ts';
import { sendStatesOf } from './state-kinds.ts';

/** The events a trace shows: enough to see what a customer did lately, not their whole history. */
const RECENT_EVENTS = 50;

/**
 * Everything the local platform knows about one customer: what the admin endpoint answers and what
 * `parcours trace` prints. Parsed again by the CLI, since it comes over HTTP.
 */
export const Trace = z.object({
  profileId: z.string(),
  /** Journey time when the trace was taken. */
  at: z.string(),
  profile: z.nullable(Profile),
  journeys: z.array(JourneyRecord),
  /** What each trigger event did for each scenario it triggered: started, or why not. */
  entries: z.array(EntryOutcomeRecord),
  executions: z.array(ExecutionRecord),
  ledger: z.array(LedgerRecord),
  events: z.array(EventEnvelope),
  messages: z.array(OutboxEntry),
  /** Scenario → send state → step, to show each ledger record under the state that wrote it. */
  sendStates: z.record(z.string(), z.record(z.string(), z.string())),
});
export type Trace = z.infer<typeof Trace>;

/**
 * Where the executions of a customer's journeys are read: the local engine keeps them in the store;
 * on AWS, Step Functions keeps them, found from the journey records.
 */
export type ExecutionsOf = (journeys: readonly JourneyRecord[]) => Promise<ExecutionRecord[]>;

export async function buildTrace(
  store: ItemStore,
  outbox: Pick<Outbox, 'list'>,
  scenarios: readonly ProjectScenario[],
  profileId: string,
  at: Date,
  readExecutions: ExecutionsOf = () => executionsOf(store, profileId),
): Promise<Trace> {
  const journeysRead = journeysOf(store, profileId);
  const [customer, journeys, entries, executions, ledger, events, messages] = await Promise.all([
    loadCustomer(store, profileId),
    journeysRead,
    entryOutcomesOf(store, profileId, at),
    journeysRead.then(readExecutions),
    ledgerOf(store, profileId),
    eventsSince(store, profileId, ''),
    outbox.list(),
  ]);
  return {
    profileId,
    at: at.toISOString(),
    profile: customer.profile ?? null,
    journeys,
    entries,
    executions,
    ledger,
    events: events.slice(-RECENT_EVENTS),
    messages: messages.filter((message) => message.profileId === profileId),
    sendStates: sendStatesOf(scenarios),
  };
}
