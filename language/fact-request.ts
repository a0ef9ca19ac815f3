import * as z from 'zod/mini';
import { Duration } from './duration.ts';
import { FieldPath, Name } from './field-path.ts';

const FactKey = z.string().check(z.regex(/^f\d+$/));

/**
 * The longest text a condition compares with (`equals`, `in`), in characters (code points, see
 * code-points.ts). A Check state's answer is added to the execution's state, which Step Functions
 * bounds at 256 KB: an attribute of 250 KB compared or tested for presence would fail the journey
 * (States.DataLimitExceeded). The check function answers a longer text with its first
 * COMPARED_TEXT_LIMIT + 1 characters, which equal no text a condition may hold, as the whole text
 * does not.
 */
export const COMPARED_TEXT_LIMIT = 1_024;

/**
 * What a Check state asks the check function to load before a Choice. The answer holds only
 * non-personal facts (values of non-personal attributes, aggregates, segment memberships,
 * booleans), keyed by `key`, and omits what the profile does not have.
 */
export const FactRequest = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('profile'),
    key: FactKey,
    path: FieldPath,
    as: z.enum(['value', 'timestamp']),
    contains: z.optional(z.string()),
  }),
  z.object({
    kind: z.literal('aggregate'),
    key: FactKey,
    name: Name,
    item: z.optional(z.string()),
    as: z.enum(['value', 'timestamp']),
    contains: z.optional(z.string()),
  }),
  z.object({ kind: z.literal('segment'), key: FactKey, name: Name }),
  /** The timestamp `ago` before now, so "within the last 15 days" stays a native Choice rule. */
  z.object({ kind: z.literal('threshold'), key: FactKey, ago: Duration }),
]);
export type FactRequest = z.infer<typeof FactRequest>;
