import { z } from 'zod';
import { Duration } from '../../language/duration.ts';
import { FieldPath, Name } from '../../language/field-path.ts';

const FactKey = z.string().regex(/^f\d+$/);

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
    contains: z.string().optional(),
  }),
  z.object({
    kind: z.literal('aggregate'),
    key: FactKey,
    name: Name,
    item: z.string().optional(),
    as: z.enum(['value', 'timestamp']),
    contains: z.string().optional(),
  }),
  z.object({ kind: z.literal('segment'), key: FactKey, name: Name }),
  /** The timestamp `ago` before now, so "within the last 15 days" stays a native Choice rule. */
  z.object({ kind: z.literal('threshold'), key: FactKey, ago: Duration }),
]);
export type FactRequest = z.infer<typeof FactRequest>;

type Unkeyed<T> = T extends unknown ? Omit<T, 'key'> : never;
export type FactQuestion = Unkeyed<FactRequest>;

/** Collects the facts one Check state must load, giving identical questions the same key. */
export class FactCollector {
  private readonly keys = new Map<string, string>();
  private readonly requests: FactRequest[] = [];

  keyFor(question: FactQuestion): string {
    const identity = JSON.stringify(question);
    const known = this.keys.get(identity);
    if (known !== undefined) return known;
    const key = `f${this.requests.length + 1}`;
    this.keys.set(identity, key);
    this.requests.push(FactRequest.parse({ ...question, key }));
    return key;
  }

  get all(): readonly FactRequest[] {
    return this.requests;
  }
}
