import * as z from 'zod/mini';
import {
  matcherProblem,
  NUMERIC_COMPARISONS,
  PATTERN_OPERATOR_KEYS,
  reservedFieldProblems,
} from './pattern-operator-keys.ts';

/**
 * The EventBridge event-pattern grammar, validated for shape. The same pattern goes into the CDK
 * rule and the local bus, so it must be one AWS accepts.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 *
 * The zod shapes describe the grammar to editors (the JSON Schemas under schemas/); what AWS
 * accepts beyond shape (a list all strings or all numbers, a wildcard without "**", a well-formed
 * cidr…) is pattern-operator-keys.ts, which the matcher applies too, so the two agree.
 *
 * The operator and matcher schemas are built on first use: the functions that read waiting
 * journeys import this module, and most of them never parse a pattern when they load. In zod/mini,
 * like every schema the wait-for function reads (see tests/unit/architecture/imports.test.ts).
 */
function matcherSchema() {
  const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

  const IgnoreCase = z.strictObject({ 'equals-ignore-case': z.string() });

  const NumericComparison = z.array(z.union([z.enum(NUMERIC_COMPARISONS), z.number()]));

  const AnythingBut = z.union([
    Scalar,
    z.array(Scalar).check(z.minLength(1)),
    z.strictObject({ prefix: z.string() }),
    z.strictObject({ suffix: z.string() }),
    z.strictObject({
      'equals-ignore-case': z.union([z.string(), z.array(z.string()).check(z.minLength(1))]),
    }),
    z.strictObject({ wildcard: z.union([z.string(), z.array(z.string()).check(z.minLength(1))]) }),
  ]);

  const PatternOperator = z
    .union([
      z.strictObject({ prefix: z.union([z.string(), IgnoreCase]) }),
      z.strictObject({ suffix: z.union([z.string(), IgnoreCase]) }),
      IgnoreCase,
      z.strictObject({ wildcard: z.string() }),
      z.strictObject({ 'anything-but': AnythingBut }),
      z.strictObject({ numeric: NumericComparison }),
      z.strictObject({ exists: z.boolean() }),
      z.strictObject({ cidr: z.string() }),
    ])
    .check(z.superRefine(inAwsTerms, { when: () => true }));

  return z.union([Scalar, PatternOperator]);
}

/**
 * An object meant as an operator (each key names one) is judged by AWS's grammar, in its words and
 * at the place it points to, in place of what zod found: for a union of eight shapes that is
 * "Invalid input", or the complaint of a shape the author did not mean. It runs even when the
 * shapes refused the value (`when`), and its issue does not abort, so that the unions around it
 * report this alternative. Objects with other keys are sub-patterns or mistakes zod explains.
 */
function inAwsTerms(value: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  if (!isOperatorObject(value)) return;
  const problem = matcherProblem(value);
  if (problem === undefined) return;
  ctx.issues.length = 0;
  ctx.addIssue({ code: 'custom', message: problem.message, path: [...problem.path], input: value });
}

export type PatternMatcher = z.infer<ReturnType<typeof matcherSchema>>;

export type EventPattern = { [field: string]: PatternMatcher[] | EventPattern | EventPattern[] };

/**
 * Built once, however many lazies ask: a lazy keeps what it built on its definition, and each place
 * that describes the pattern (`EventPattern.check(z.meta(...))`) is a lazy with a definition of
 * its own. Each would build its own pattern schema, all with the id "EventPattern", which JSON
 * Schema generation refuses.
 */
let builtPattern: z.ZodMiniType<EventPattern> | undefined;

export const EventPattern: z.ZodMiniType<EventPattern> = z.lazy(() => {
  builtPattern ??= patternSchema();
  return builtPattern;
});

function patternSchema(): z.ZodMiniType<EventPattern> {
  return z
    .record(
      z.string().check(z.minLength(1)),
      z.union([
        z.array(matcherSchema()).check(z.minLength(1, 'a field must list at least one value to match')),
        EventPattern,
        z.array(EventPattern).check(
          z.minLength(2),
          // A list of operator objects is a list of values: this alternative steps aside (aborts)
          // so that the union reports the values' problems, not "Too small: expected array to
          // have >=2 items" for `[{ "anything-but": { "prefix": ["$", "%"] } }]`.
          z.refine((patterns) => !patterns.every(isOperatorObject), {
            message: 'a list of patterns is only allowed under "$or"',
            abort: true,
          }),
        ),
      ]),
    )
    .check(
      z.superRefine((pattern, ctx) => {
        for (const [field, value] of Object.entries(pattern)) {
          const isOr = field === '$or';
          const isPatternList = Array.isArray(value) && value.length > 0 && value.every(isPlainObjectPattern);
          if (isOr && !isPatternList) {
            ctx.addIssue({
              code: 'custom',
              path: [field],
              message: '"$or" takes a list of at least two patterns',
            });
          }
          if (!isOr && isPatternList && value.some((item) => !isOperatorObject(item))) {
            ctx.addIssue({
              code: 'custom',
              path: [field],
              message: 'a list of patterns is only allowed under "$or"',
            });
          }
          if (isOr && isPatternList) {
            // Operator names are refused as field names inside "$or" (reservedFieldProblems).
            for (const [index, branch] of value.entries()) {
              for (const problem of reservedFieldProblems(branch)) {
                ctx.addIssue({
                  code: 'custom',
                  path: [field, index, ...problem.path],
                  message: problem.message,
                });
              }
            }
          }
        }
        if (Object.keys(pattern).length === 0) {
          ctx.addIssue({ code: 'custom', message: 'an event pattern needs at least one field' });
        }
      }),
      z.meta({ id: 'EventPattern', description: 'An EventBridge event pattern (full syntax).' }),
    );
}

function isPlainObjectPattern(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object whose keys all name operators (`{}` included): meant as an operator, not a sub-pattern. */
function isOperatorObject(value: unknown): boolean {
  return isPlainObjectPattern(value) && Object.keys(value).every((key) => PATTERN_OPERATOR_KEYS.has(key));
}
