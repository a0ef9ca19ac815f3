import * as z from 'zod';

export const ExecutionStatus = z.enum([
  'running',
  'completed',
  'converted',
  'exited',
  'held-out',
  'failed',
  'interrupted',
]);
export type ExecutionStatus = z.infer<typeof ExecutionStatus>;

/** What the local platform knows of one execution: enough to trace it, report it and resume it. */
export const ExecutionRecord = z.object({
  name: z.string(),
  scenario: z.string(),
  profileId: z.string(),
  /** The scenario version the journey entered on, for journeys since versions were recorded. */
  version: z.string().optional(),
  status: ExecutionStatus,
  startedAt: z.string(),
  endedAt: z.string().optional(),
  /** Every state entered, in order, with the journey time it was entered at. */
  states: z.array(z.object({ name: z.string(), at: z.string() })),
  /** The state the execution is in and its input, so a restart can resume it there. */
  current: z.object({ state: z.string(), input: z.unknown() }).optional(),
  error: z.string().optional(),
});
export type ExecutionRecord = z.infer<typeof ExecutionRecord>;

/** The state a running execution is in; none once it has ended. */
export function currentState(
  record: Pick<ExecutionRecord, 'status' | 'current' | 'states'>,
): string | undefined {
  if (record.status !== 'running') return undefined;
  return record.current?.state ?? record.states.at(-1)?.name;
}
