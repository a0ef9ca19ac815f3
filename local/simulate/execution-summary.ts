import * as z from 'zod';
import { currentState, type ExecutionRecord } from '../runtime/execution-record.ts';

/**
 * What a simulation keeps of an execution once it has ended: the report's figures, without the
 * list of states it went through. A backtest of a million journeys would otherwise hold every
 * state of every finished journey until the end.
 */
export const ExecutionSummary = z.object({
  name: z.string(),
  scenario: z.string(),
  profileId: z.string(),
  status: z.string(),
  /** States entered (each a Step Functions transition). */
  transitions: z.number(),
  /** Task states entered (each a Lambda request). */
  taskTransitions: z.number(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  /** Each state entered, once, in the order first entered: the console's counts per state. */
  entered: z.array(z.string()),
  /** The state a journey still running at the end is in. */
  current: z.string().optional(),
});
export type ExecutionSummary = z.infer<typeof ExecutionSummary>;

export function summarize(record: ExecutionRecord, taskStates: ReadonlySet<string>): ExecutionSummary {
  return {
    name: record.name,
    scenario: record.scenario,
    profileId: record.profileId,
    status: record.status,
    transitions: record.states.length,
    taskTransitions: record.states.filter((state) => taskStates.has(state.name)).length,
    startedAt: record.startedAt,
    ...(record.endedAt === undefined ? {} : { endedAt: record.endedAt }),
    entered: [...new Set(record.states.map((state) => state.name))],
    ...(currentState(record) === undefined ? {} : { current: currentState(record) }),
  };
}
