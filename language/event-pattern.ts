import * as z from 'zod/mini';
import { PATTERN_OPERATOR_KEYS } from './pattern-operator-keys.ts';

/**
 * The EventBridge event-pattern grammar, validated for shape. The same pattern goes into the CDK
 * rule and the local bus, so it must be one AWS accepts.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 *
 * The operator and matcher schemas are built on first use: the functions that read waiting
 * journeys import this module, and most of them never parse a pattern when they load. In zod/mini,
 * like every schema the wait-for function reads (see tests/unit/architecture/imports.test.ts).
 */
function matcherSchemas() {
  const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

  const IgnoreCase = z.strictObject({ 'equals-ignore-case': z.string() });

  const NumericComparison = z
    .array(z.union([z.enum(['<', '<=', '=', '>', '>=']), z.number()]))
    .check(z.refine(isNumericComparison, 'expected ["<op>", number] or ["<op>", number, "<op>", number]'));

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

  const PatternOperator = z.union([
    z.strictObject({ prefix: z.union([z.string(), IgnoreCase]) }),
    z.strictObject({ suffix: z.union([z.string(), IgnoreCase]) }),
    IgnoreCase,
    z.strictObject({ wildcard: z.string() }),
    z.strictObject({ 'anything-but': AnythingBut }),
    z.strictObject({ numeric: NumericComparison }),
    z.strictObject({ exists: z.boolean() }),
    z.strictObject({ cidr: z.string() }),
  ]);

  return { PatternOperator, PatternMatcher: z.union([Scalar, PatternOperator]) };
}

function isNumericComparison(items: ReadonlyArray<string | number>): boolean {
  if (items.length !== 2 && items.length !== 4) return false;
  return items.every((item, index) =>
    index % 2 === 0 ? typeof item === 'string' : typeof item === 'number',
  );
}

let built: ReturnType<typeof matcherSchemas> | undefined;
function schemas(): ReturnType<typeof matcherSchemas> {
  built ??= matcherSchemas();
  return built;
}

export const PatternOperator = z.lazy(() => schemas().PatternOperator);
export type PatternOperator = z.infer<typeof PatternOperator>;

export const PatternMatcher = z.lazy(() => schemas().PatternMatcher);
export type PatternMatcher = z.infer<typeof PatternMatcher>;

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
        z
          .array(schemas().PatternMatcher)
          .check(z.minLength(1, 'a field must list at least one value to match')),
        EventPattern,
        z.array(EventPattern).check(z.minLength(2)),
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
        }
        if (Object.keys(pattern).length === 0) {
          ctx.addIssue({ code: 'custom', message: 'an event pattern needs at least one field' });
        }
      }),
      z.meta({ id: 'EventPattern', description: 'An EventBridge event pattern (full syntax).' }),
    );
}

function isPlainObjectPattern(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOperatorObject(value: unknown): boolean {
  return (
    isPlainObjectPattern(value) && Object.keys(value as object).every((key) => PATTERN_OPERATOR_KEYS.has(key))
  );
}
