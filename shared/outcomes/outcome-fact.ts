import * as z from 'zod/mini';
import { Channel } from '../../language/channel.ts';

/**
 * One outcome fact: an entry (with its group), a split assignment, a message (sent, skipped,
 * failed, uncertain), a delivery event or a conversion (with its value). Facts form one
 * append-only stream, written as JSON lines locally and as Parquet by Firehose on AWS, and read
 * by the same SQL on DuckDB and Athena. Flat on purpose: a map or a nested object is read
 * differently by the two engines, a plain column the same way.
 *
 * Delivery is at least once (a retried Lambda, a redelivered event write the fact again), so each
 * fact has an `id` made of what identifies it and the same content every time it is written: the
 * reports read `SELECT DISTINCT`.
 */
export const FactKind = z.enum(['entry', 'variant', 'message', 'delivery', 'conversion']);
export type FactKind = z.infer<typeof FactKind>;

/** Where an entrant stands for measurement. */
export const FactGroup = z.enum(['treatment', 'holdout', 'global-control']);
export type FactGroup = z.infer<typeof FactGroup>;

const Text = z.string().check(z.minLength(1), z.maxLength(1024));

/** Built on first use: several functions import this module and never write a fact. */
export const OutcomeFact = z.lazy(() =>
  z.strictObject({
    id: Text,
    kind: FactKind,
    /**
     * When it happened (ISO 8601, UTC): entry and conversion at their events' times. Not `at`,
     * which both engines reserve (AT TIME ZONE).
     */
    occurred_at: z.iso.datetime(),
    profile_id: Text,
    scenario: Text,
    /** The scenario version the journey runs (a digest of its definition). */
    version: z.optional(Text),
    program: z.optional(Text),
    execution: z.optional(Text),
    grp: z.optional(FactGroup),
    step: z.optional(Text),
    variant: z.optional(Text),
    channel: z.optional(Channel),
    /** sent, skipped, failed, uncertain; delivered, opened, clicked, bounced, complained. */
    outcome: z.optional(Text),
    reason: z.optional(Text),
    message_id: z.optional(Text),
    event_id: z.optional(Text),
    value: z.optional(z.number()),
    /** ISO 4217 code of `value`. */
    currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/))),
  }),
);
export type OutcomeFact = z.infer<typeof OutcomeFact>;

/**
 * The columns as the Glue table declares them and as DuckDB reads the JSON lines, in one order.
 * Times stay strings: ISO 8601 in UTC sorts and compares as text the same way on both engines.
 */
export const OUTCOME_COLUMNS = [
  { name: 'id', type: 'string' },
  { name: 'kind', type: 'string' },
  { name: 'occurred_at', type: 'string' },
  { name: 'profile_id', type: 'string' },
  { name: 'scenario', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'program', type: 'string' },
  { name: 'execution', type: 'string' },
  { name: 'grp', type: 'string' },
  { name: 'step', type: 'string' },
  { name: 'variant', type: 'string' },
  { name: 'channel', type: 'string' },
  { name: 'outcome', type: 'string' },
  { name: 'reason', type: 'string' },
  { name: 'message_id', type: 'string' },
  { name: 'event_id', type: 'string' },
  { name: 'value', type: 'double' },
  { name: 'currency', type: 'string' },
] as const satisfies readonly { name: keyof OutcomeFact; type: 'string' | 'double' }[];

/** The partition column: the UTC day the fact was written (Firehose's arrival day on AWS). */
export const PARTITION_COLUMN = 'dt';

/** The table both engines query: a Glue table on AWS, a DuckDB view over the JSON lines locally. */
export const FACTS_TABLE = 'outcome_facts';

/**
 * The names a stack gives its outcome resources, from the stack's name: the construct creates
 * them, `parcours report --aws` finds them. Glue database names take lower case, digits and `_`.
 */
export function outcomeResourceNames(stackName: string): {
  database: string;
  workGroup: string;
  stream: string;
} {
  return {
    database: `${stackName.toLowerCase().replace(/[^a-z0-9]/g, '_')}_outcomes`,
    workGroup: `${stackName}-outcomes`,
    stream: `${stackName}-outcomes`,
  };
}

/** Where facts go: Firehose on AWS, the data folder locally, memory in a simulation. */
export type OutcomeSink = {
  /** Resolves once every fact is durably taken; rejects otherwise, so the caller is retried. */
  readonly append: (facts: readonly OutcomeFact[]) => Promise<void>;
};

/** A sink that keeps facts in memory, for simulations and tests. */
export function memorySink(): OutcomeSink & { readonly facts: OutcomeFact[] } {
  const facts: OutcomeFact[] = [];
  return {
    facts,
    append: async (batch) => {
      for (const fact of batch) facts.push(OutcomeFact.parse(fact));
    },
  };
}
