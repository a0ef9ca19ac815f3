import * as z from 'zod';
import { Duration } from './duration.ts';
import { COMPARED_TEXT_LIMIT } from './fact-request.ts';
import { FieldPath, Name } from './field-path.ts';
import { OPERATOR_KEYS } from './operator-keys.ts';

const Scalar = z.union([
  z
    .string()
    .max(COMPARED_TEXT_LIMIT, `a condition compares text of at most ${COMPARED_TEXT_LIMIT} characters`),
  z.number(),
  z.boolean(),
]);

const SUBJECT_KEYS = ['profile', 'aggregate', 'event'] as const;

/**
 * One test on one value: a profile attribute, an aggregate (optionally one item of a per-item
 * aggregate, e.g. the last purchase of product "a"), or a field of the trigger event. Built on
 * first use, as the step schemas that hold conditions are.
 */
export const Comparison = z.lazy(() =>
  z
    .strictObject({
      profile: z.optional(FieldPath).meta({
        description: 'A profile attribute, e.g. "role" or "consents.sms".',
      }),
      aggregate: z.optional(Name).meta({ description: 'An aggregate declared in parcours.config.yaml.' }),
      key: z
        .string()
        .optional()
        .meta({ description: 'The item of a per-item aggregate, e.g. a product id.' }),
      event: z
        .optional(FieldPath)
        .meta({ description: 'A field of the trigger event, e.g. "detail.total".' }),
      equals: Scalar.optional(),
      in: z.array(Scalar).min(1).optional(),
      exists: z.boolean().optional(),
      gt: z.number().optional(),
      gte: z.number().optional(),
      lt: z.number().optional(),
      lte: z.number().optional(),
      within: z.optional(Duration).meta({ description: 'A timestamp within the last <duration>.' }),
      'older-than': z.optional(Duration).meta({ description: 'A timestamp more than <duration> ago.' }),
      before: z.iso.datetime({ offset: true }).optional(),
      after: z.iso.datetime({ offset: true }).optional(),
      contains: z.string().optional(),
      // The keys of the other condition forms are refused outright, so that zod reports
      // `all: [...]` with a typo inside as a problem of that `all`, not as an odd comparison.
      all: z.never().optional(),
      any: z.never().optional(),
      not: z.never().optional(),
      segment: z.never().optional(),
    })
    .superRefine((comparison, ctx) => {
      const subjects = SUBJECT_KEYS.filter((key) => comparison[key] !== undefined);
      if (subjects.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          message: `a condition tests exactly one of ${SUBJECT_KEYS.join(', ')} (found ${subjects.length === 0 ? 'none' : subjects.join(' and ')})`,
        });
      }
      const operators = OPERATOR_KEYS.filter((key) => comparison[key] !== undefined);
      if (operators.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          message: `a condition needs exactly one operator among ${OPERATOR_KEYS.join(', ')} (found ${operators.length === 0 ? 'none' : operators.join(' and ')})`,
        });
      }
      if (comparison.key !== undefined && comparison.aggregate === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['key'],
          message: '"key" only applies to a per-item aggregate',
        });
      }
    }),
);
// The refused keys are not part of what a comparison is.
export type Comparison = Omit<z.infer<typeof Comparison>, 'all' | 'any' | 'not' | 'segment'>;

/** Membership of a named segment declared in parcours.config.yaml. */
export const SegmentTest = z.strictObject({ segment: Name });
export type SegmentTest = z.infer<typeof SegmentTest>;

export type Condition =
  | Comparison
  | SegmentTest
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z
    .union([
      SegmentTest,
      z.strictObject({ all: z.array(Condition).min(1) }),
      z.strictObject({ any: z.array(Condition).min(1) }),
      z.strictObject({ not: Condition }),
      Comparison,
    ])
    .meta({
      id: 'Condition',
      description:
        'A test on profile attributes, aggregates, the trigger event or segments, combined with all/any/not.',
    }),
);

export function isSegmentTest(condition: Condition): condition is SegmentTest {
  return 'segment' in condition;
}

/** Visits every comparison and segment test of a condition tree, with its path inside the tree. */
export function forEachLeaf(
  condition: Condition,
  visit: (leaf: Comparison | SegmentTest, path: (string | number)[]) => void,
  path: (string | number)[] = [],
): void {
  if ('all' in condition || 'any' in condition) {
    const [operator, children] = 'all' in condition ? ['all', condition.all] : ['any', condition.any];
    for (const [index, child] of children.entries()) forEachLeaf(child, visit, [...path, operator, index]);
  } else if ('not' in condition) forEachLeaf(condition.not, visit, [...path, 'not']);
  else visit(condition, path);
}
