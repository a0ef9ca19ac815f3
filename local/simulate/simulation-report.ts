import { z } from 'zod';
import type { LedgerRecord } from '../../shared/ledger/ledger-record.ts';
import { PRICES } from '../../state-machines/compiler/path-stats.ts';
import type { OutboxEntry } from '../outbox/outbox.ts';
import type { ExecutionRecord } from '../runtime/execution-record.ts';

export const SimulationReport = z.object({
  from: z.string(),
  until: z.string(),
  messages: z.array(
    z.object({
      time: z.string(),
      profileId: z.string(),
      scenario: z.string(),
      step: z.string(),
      variant: z.string().optional(),
      channel: z.enum(['email', 'sms', 'push', 'webhook']),
      to: z.string(),
      subject: z.string().optional(),
      body: z.string(),
    }),
  ),
  skips: z.array(
    z.object({
      time: z.string(),
      profileId: z.string(),
      scenario: z.string(),
      step: z.string(),
      channel: z.string(),
      reason: z.string(),
    }),
  ),
  executions: z.array(
    z.object({
      name: z.string(),
      scenario: z.string(),
      profileId: z.string(),
      status: z.string(),
      transitions: z.number(),
      startedAt: z.string(),
      endedAt: z.string().optional(),
    }),
  ),
  totals: z.array(
    z.object({
      scenario: z.string(),
      journeys: z.number(),
      converted: z.number(),
      sent: z.record(z.string(), z.number()),
      skipped: z.number(),
      transitions: z.number(),
    }),
  ),
  cost: z.object({ transitions: z.number(), lambdaRequests: z.number(), dollars: z.number() }),
});
export type SimulationReport = z.infer<typeof SimulationReport>;

/** What was sent, skipped and run, in a stable order: the same input gives the same report. */
export function buildReport(input: {
  from: Date;
  until: Date;
  outbox: readonly OutboxEntry[];
  ledger: readonly LedgerRecord[];
  executions: readonly ExecutionRecord[];
  taskStates: (scenario: string) => ReadonlySet<string>;
  ingested: number;
}): SimulationReport {
  const messages = input.outbox
    .map((entry) => ({
      time: entry.at,
      profileId: entry.profileId ?? '',
      scenario: entry.scenario ?? '',
      step: entry.step ?? '',
      ...(entry.variant === undefined ? {} : { variant: entry.variant }),
      channel: entry.channel,
      to: entry.to,
      ...(entry.subject === undefined ? {} : { subject: entry.subject }),
      body: entry.body,
    }))
    .sort(
      (a, b) =>
        a.time.localeCompare(b.time) ||
        a.profileId.localeCompare(b.profileId) ||
        a.step.localeCompare(b.step),
    );
  const skips = input.ledger
    .filter(
      (entry) =>
        entry.outcome === 'skipped' ||
        entry.outcome === 'deferred' ||
        entry.outcome === 'failed' ||
        entry.outcome === 'uncertain',
    )
    .map((entry) => ({
      time: entry.at,
      profileId: entry.profileId,
      scenario: entry.scenario,
      step: entry.step,
      channel: entry.channel,
      reason:
        entry.outcome === 'uncertain'
          ? `uncertain (${entry.reason ?? 'no reason'})`
          : (entry.reason ?? entry.outcome),
    }))
    .sort(
      (a, b) =>
        a.time.localeCompare(b.time) ||
        a.profileId.localeCompare(b.profileId) ||
        a.step.localeCompare(b.step),
    );
  const executions = input.executions
    .map((record) => ({
      name: record.name,
      scenario: record.scenario,
      profileId: record.profileId,
      status: record.status,
      transitions: record.states.length,
      startedAt: record.startedAt,
      ...(record.endedAt === undefined ? {} : { endedAt: record.endedAt }),
    }))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.name.localeCompare(b.name));
  const scenarios = [...new Set(executions.map((execution) => execution.scenario))].sort();
  const totals = scenarios.map((scenario) => {
    const own = executions.filter((execution) => execution.scenario === scenario);
    const sent: Record<string, number> = {};
    for (const message of messages)
      if (message.scenario === scenario) sent[message.channel] = (sent[message.channel] ?? 0) + 1;
    return {
      scenario,
      journeys: own.length,
      converted: own.filter((execution) => execution.status === 'converted').length,
      sent,
      skipped: skips.filter((skip) => skip.scenario === scenario).length,
      transitions: own.reduce((sum, execution) => sum + execution.transitions, 0),
    };
  });
  const transitions = totals.reduce((sum, total) => sum + total.transitions, 0);
  // Lambda requests: every Task state entered and one ingest per event (which also starts journeys).
  const taskInvocations = input.executions.reduce(
    (sum, record) =>
      sum + record.states.filter((state) => input.taskStates(record.scenario).has(state.name)).length,
    0,
  );
  const lambdaRequests = taskInvocations + input.ingested;
  const dollars = transitions * PRICES.perStateTransition + lambdaRequests * PRICES.perLambdaRequest;
  return {
    from: input.from.toISOString(),
    until: input.until.toISOString(),
    messages,
    skips,
    executions,
    totals,
    cost: { transitions, lambdaRequests, dollars: Math.round(dollars * 1e6) / 1e6 },
  };
}
