import type { ExecutionRecord } from '../runtime/execution-record.ts';

/**
 * What a simulation keeps of an execution once it has ended: the report's figures, without the
 * list of states it went through. A backtest of a million journeys would otherwise hold every
 * state of every finished journey until the end.
 */
export type ExecutionSummary = {
  readonly name: string;
  readonly scenario: string;
  readonly profileId: string;
  readonly status: string;
  /** States entered (each a Step Functions transition). */
  readonly transitions: number;
  /** Task states entered (each a Lambda request). */
  readonly taskTransitions: number;
  readonly startedAt: string;
  readonly endedAt?: string;
};

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
  };
}
