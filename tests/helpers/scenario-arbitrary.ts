import fc from 'fast-check';
import { durationSeconds } from '../../language/duration.ts';
import type { EventPattern } from '../../language/event-pattern.ts';
import { OPERATOR_KEYS } from '../../language/operator-keys.ts';
import { type Goal, Scenario, Stage } from '../../language/scenario.ts';
import { Weekday } from '../../language/wait-spec.ts';

/**
 * Random valid scenarios, as a marketer could write them in YAML: every step kind and every
 * condition kind, nested up to MAX_DEPTH containers deep, with unique explicit ids (or none), no
 * steps after an exit, split weights summing to 100 and waits far below the one-year limit.
 *
 * `rawScenarioArbitrary` yields the plain objects (the YAML input); `scenarioArbitrary` yields
 * them parsed by the `Scenario` schema, with defaults applied, as the compiler receives them.
 */

type Json = { [key: string]: unknown };

/** Containers (branch, split, wait-for) nest at most this deep. */
export const MAX_DEPTH = 3;
/** Every list of steps holds 1..MAX_STEPS_PER_LIST steps. */
export const MAX_STEPS_PER_LIST = 4;
/**
 * The sum of every wait of a scenario stays below this, so no path can come near the one-year
 * limit of a Standard execution (365 days).
 */
export const WAIT_BUDGET_SECONDS = 120 * 86_400;

const DAY = 86_400;

// --- Names --------------------------------------------------------------------------------------

const TEMPLATES = ['welcome', 'cart-reminder', 'cart-sms', 'tips', 'win-back'] as const;
const TOPICS = ['news', 'offers', 'product'] as const;
const SENDERS = ['default', 'success', 'billing'] as const;
const VARIANTS = ['a', 'b', 'control', 'subject-2', 'v_3'] as const;
const SEGMENTS = ['vip', 'large_company', 'churn-risk'] as const;
const AGGREGATES = ['orders', 'cart_value', 'last-order-at'] as const;
const EXIT_REASONS = ['not-eligible', 'done', 'opted_out'] as const;
const DETAIL_TYPES = ['order.placed', 'app.opened', 'cart.updated'] as const;
/** Profile fields, including nested, hyphenated and underscored names. */
const PROFILE_FIELDS = [
  'role',
  'plan',
  'consents.sms',
  'company.size',
  'last-seen',
  'trial.ends_at',
] as const;
/** Event fields: hyphens, digits and `$` force bracket notation in JSONPath. */
const EVENT_FIELDS = ['detail.total', 'detail.cart-id', 'detail.items.0', 'detail.$kind', 'source'] as const;
const UNTIL_SOURCES = ['profile.renewal', 'profile.trial-ends', 'event.detail.at', 'event.time'] as const;
const PROFILE_UPDATE_FIELDS = ['plan', 'tier', 'score', 'onboarding.stage'] as const;
const PAYLOAD_KEYS = ['scenario', 'reason', 'amount', 'account'] as const;
const WEBHOOK_URLS = [
  'https://crm.example.com/hooks/parcours',
  'https://hooks.example.org',
  // No host the step tree can read: its name falls back to "call".
  'https://{{ profile.tenant }}.example.com/x',
] as const;
const OFFSETS = ['Z', '+00:00', '+02:00', '-05:30', '+14:00', '-12:00'] as const;

const PATTERNS: readonly EventPattern[] = [
  { 'detail-type': ['order.placed'] },
  { source: ['app'], 'detail-type': ['app.opened'] },
  { source: ['shop'], detail: { total: [{ numeric: ['>', 0] }] } },
  { 'detail-type': ['cart.updated', 'cart.emptied'], detail: { plan: [{ prefix: 'pro' }] } },
];
const patternArb = fc.constantFrom(...PATTERNS);

/** A conversion goal, for callers that pass one to the compiler. */
export const goalArbitrary: fc.Arbitrary<Goal> = fc.record({
  event: patternArb,
  within: fc.constantFrom('1d', '7d', '2w'),
});

// --- Values -------------------------------------------------------------------------------------

const UNITS = [
  ['w', 1],
  ['d', 3],
  ['h', 23],
  ['m', 59],
  ['s', 59],
] as const;

/** One or two units in the grammar's order (w, d, h, m, s), e.g. "3d", "1h30m", "1w2d": at most 10 days. */
export const durationArbitrary: fc.Arbitrary<string> = fc
  .subarray([...UNITS], { minLength: 1, maxLength: 2 })
  .chain((units) =>
    fc.tuple(...units.map(([unit, max]) => fc.integer({ min: 1, max }).map((amount) => `${amount}${unit}`))),
  )
  .map((parts) => parts.join(''));

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

const timeOfDayArb = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 59))
  .map(([hour, minute]) => `${pad(hour)}:${pad(minute)}`);

/** "HH:MM-HH:MM", possibly wrapping past midnight, never starting and ending at the same time. */
const timeWindowArb = fc
  .tuple(timeOfDayArb, timeOfDayArb)
  .filter(([from, to]) => from !== to)
  .map(([from, to]) => `${from}-${to}`);

const daysArb = fc.subarray([...Weekday.options], { minLength: 1, maxLength: 3 });

const windowSpecArb = fc.record({ window: timeWindowArb, days: daysArb }, { requiredKeys: ['window'] });

/** RFC 3339 date-times with and without fractional seconds, in UTC and with offsets. */
const dateTimeArb = fc
  .record({
    year: fc.integer({ min: 2000, max: 2099 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    millis: fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
    offset: fc.constantFrom(...OFFSETS),
  })
  .map(
    ({ year, month, day, hour, minute, second, millis, offset }) =>
      `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${millis === undefined ? '' : `.${pad(millis, 3)}`}${offset}`,
  );

const numberArb = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
);
/** Printable ASCII, including the `*`, `\` and `"` that Choice rules and graphs must escape. */
const textArb = fc.string({ maxLength: 8 });
const scalarArb = fc.oneof(textArb, numberArb, fc.boolean());

// --- Conditions ---------------------------------------------------------------------------------

const subjectArb: fc.Arbitrary<Json> = fc.oneof(
  fc.record({ profile: fc.constantFrom(...PROFILE_FIELDS) }),
  fc.record(
    { aggregate: fc.constantFrom(...AGGREGATES), key: fc.constantFrom('product-a', 'b', 'sku 42') },
    { requiredKeys: ['aggregate'] },
  ),
  fc.record({ event: fc.constantFrom(...EVENT_FIELDS) }),
);

/** One arbitrary per operator, so each of them is drawn equally often. */
const OPERATOR_ARBS: Record<(typeof OPERATOR_KEYS)[number], fc.Arbitrary<unknown>> = {
  equals: scalarArb,
  in: fc.array(scalarArb, { minLength: 1, maxLength: 3 }),
  exists: fc.boolean(),
  gt: numberArb,
  gte: numberArb,
  lt: numberArb,
  lte: numberArb,
  within: durationArbitrary,
  'older-than': durationArbitrary,
  before: dateTimeArb,
  after: dateTimeArb,
  contains: textArb,
};
const operatorArb: fc.Arbitrary<Json> = fc.oneof(
  ...OPERATOR_KEYS.map((operator) => OPERATOR_ARBS[operator].map((value) => ({ [operator]: value }))),
);

const comparisonArb: fc.Arbitrary<Json> = fc
  .tuple(subjectArb, operatorArb)
  .map(([subject, operator]) => ({ ...subject, ...operator }));

const leafConditionArb: fc.Arbitrary<Json> = fc.oneof(
  { weight: 5, arbitrary: comparisonArb },
  { weight: 1, arbitrary: fc.record({ segment: fc.constantFrom(...SEGMENTS) }) },
);

/** Conditions combined with all/any/not, nested up to `depth` combinators deep. */
export function conditionArbitrary(depth = 2): fc.Arbitrary<Json> {
  if (depth === 0) return leafConditionArb;
  const child = conditionArbitrary(depth - 1);
  return fc.oneof(
    { weight: 4, arbitrary: leafConditionArb },
    { weight: 1, arbitrary: fc.record({ all: fc.array(child, { minLength: 1, maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ any: fc.array(child, { minLength: 1, maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ not: child }) },
  );
}
const conditionArb = conditionArbitrary();

// --- Steps --------------------------------------------------------------------------------------

/** Adds the optional `then` window that may follow a "for" or "until" wait. */
function withThen(spec: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return fc.tuple(spec, fc.option(windowSpecArb, { nil: undefined })).map(([base, then]) => {
    if (then === undefined) return base;
    return { ...base, then };
  });
}

const waitSpecArb: fc.Arbitrary<Json> = fc.oneof(
  withThen(fc.record({ for: durationArbitrary })),
  withThen(
    fc
      .record({
        until: fc.constantFrom(...UNTIL_SOURCES),
        offset: fc.option(fc.tuple(fc.constantFrom('before', 'after'), durationArbitrary), {
          nil: undefined,
        }),
      })
      .map(({ until, offset }) => (offset === undefined ? { until } : { until, [offset[0]]: offset[1] })),
  ),
  fc.record({ window: timeWindowArb, days: daysArb }, { requiredKeys: ['window'] }),
);

const waitArb = fc.record({ wait: fc.oneof(durationArbitrary, waitSpecArb) });

const sendArb = fc.record(
  {
    send: fc.constantFrom('email', 'sms', 'push'),
    template: fc.constantFrom(...TEMPLATES),
    category: fc.constantFrom('marketing', 'transactional'),
    topic: fc.constantFrom(...TOPICS),
    from: fc.constantFrom(...SENDERS),
  },
  { requiredKeys: ['send', 'template'] },
);

/** 1..99 percent, whole or not. */
const holdoutArb = fc.record({
  holdout: fc.oneof(fc.integer({ min: 1, max: 99 }), fc.constantFrom(0.5, 12.5, 99.5)),
});

const updateProfileArb = fc.record({
  'update-profile': fc
    .record(
      {
        set: fc.dictionary(fc.constantFrom(...PROFILE_UPDATE_FIELDS), scalarArb, { minKeys: 1, maxKeys: 2 }),
        unset: fc.subarray([...PROFILE_UPDATE_FIELDS], { minLength: 1, maxLength: 2 }),
        increment: fc.dictionary(fc.constantFrom(...PROFILE_UPDATE_FIELDS), fc.integer({ min: -5, max: 5 }), {
          minKeys: 1,
          maxKeys: 1,
        }),
      },
      { requiredKeys: [] },
    )
    .filter((update) => Object.keys(update).length > 0),
});

const payloadArb = fc.dictionary(fc.constantFrom(...PAYLOAD_KEYS), scalarArb, { maxKeys: 3 });

const emitArb = fc.record({
  emit: fc.record(
    {
      'detail-type': fc.constantFrom(...DETAIL_TYPES),
      source: fc.constantFrom('parcours', 'crm'),
      detail: payloadArb,
    },
    { requiredKeys: ['detail-type'] },
  ),
});

const webhookArb = fc.record({
  webhook: fc.record(
    {
      url: fc.constantFrom(...WEBHOOK_URLS),
      method: fc.constantFrom('POST', 'PUT', 'PATCH'),
      headers: fc.dictionary(fc.constantFrom('x-api-key', 'x-source'), fc.string({ maxLength: 8 }), {
        maxKeys: 2,
      }),
      body: payloadArb,
      timeout: durationArbitrary,
    },
    { requiredKeys: ['url'] },
  ),
});

const exitArb = fc.record({ exit: fc.constantFrom(...EXIT_REASONS) });

/** Weights of the step kinds; containers only where the depth allows. */
const LEAVES: { weight: number; arbitrary: fc.Arbitrary<Json> }[] = [
  { weight: 3, arbitrary: waitArb },
  { weight: 4, arbitrary: sendArb },
  { weight: 1, arbitrary: holdoutArb },
  { weight: 1, arbitrary: updateProfileArb },
  { weight: 1, arbitrary: emitArb },
  { weight: 1, arbitrary: webhookArb },
  { weight: 1, arbitrary: exitArb },
];

/** Split weights: n - 1 distinct cut points in 1..99, so each weight is 1..99 and they sum to 100. */
function splitArb(child: fc.Arbitrary<Json[]>): fc.Arbitrary<Json> {
  return fc.integer({ min: 2, max: 4 }).chain((count) =>
    fc
      .tuple(
        fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: count - 1, maxLength: count - 1 }),
        fc.shuffledSubarray([...VARIANTS], { minLength: count, maxLength: count }),
        fc.array(child, { minLength: count, maxLength: count }),
      )
      .map(([cuts, variants, lists]) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), 100];
        return {
          split: lists.map((steps, index) => ({
            variant: variants[index],
            weight: (bounds[index + 1] ?? 100) - (bounds[index] ?? 0),
            steps,
          })),
        };
      }),
  );
}

function branchArb(child: fc.Arbitrary<Json[]>): fc.Arbitrary<Json> {
  return fc.record(
    {
      branch: fc.array(
        fc.record(
          { when: conditionArb, label: fc.string({ maxLength: 12 }), steps: child },
          { requiredKeys: ['when', 'steps'] },
        ),
        { minLength: 1, maxLength: 3 },
      ),
      otherwise: child,
    },
    { requiredKeys: ['branch'] },
  );
}

function waitForArb(child: fc.Arbitrary<Json[]>): fc.Arbitrary<Json> {
  return fc.record({
    'wait-for': fc.record(
      { event: patternArb, timeout: durationArbitrary, 'on-event': child, 'on-timeout': child },
      { requiredKeys: ['event', 'timeout'] },
    ),
  });
}

/**
 * Whether every way through a step ends in an exit. Validation only rejects steps right after an
 * exit, but steps after a branch, split or wait-for whose every path exits compile to unreachable
 * states; validation refuses them as unreachable, so a valid scenario never has steps there.
 */
function alwaysExits(step: Json): boolean {
  if ('exit' in step) return true;
  const listExits = (list: unknown): boolean => Array.isArray(list) && list.some(alwaysExits);
  if (Array.isArray(step.branch))
    return (step.branch as Json[]).every((path) => listExits(path.steps)) && listExits(step.otherwise);
  if (Array.isArray(step.split)) return (step.split as Json[]).every((path) => listExits(path.steps));
  const waitFor = step['wait-for'] as Json | undefined;
  return waitFor !== undefined && listExits(waitFor['on-event']) && listExits(waitFor['on-timeout']);
}

/** A list of steps at `depth` (0 = the scenario's own list), cut after the first step that always exits. */
function stepListArb(depth: number): fc.Arbitrary<Json[]> {
  const children = depth < MAX_DEPTH ? stepListArb(depth + 1) : undefined;
  const containers =
    children === undefined
      ? []
      : [
          { weight: 2, arbitrary: branchArb(children) },
          { weight: 1, arbitrary: splitArb(children) },
          { weight: 1, arbitrary: waitForArb(children) },
        ];
  return fc
    .array(fc.oneof(...LEAVES, ...containers), { minLength: 1, maxLength: MAX_STEPS_PER_LIST })
    .map((steps) => {
      const exit = steps.findIndex(alwaysExits);
      return exit < 0 ? steps : steps.slice(0, exit + 1);
    });
}

// --- Ids ----------------------------------------------------------------------------------------

/** The child lists of a raw step, in document order. */
function childListsOf(step: Json): Json[][] {
  const lists: Json[][] = [];
  if (Array.isArray(step.branch)) {
    for (const path of step.branch as Json[]) lists.push(path.steps as Json[]);
    if (Array.isArray(step.otherwise)) lists.push(step.otherwise as Json[]);
  }
  if (Array.isArray(step.split)) for (const path of step.split as Json[]) lists.push(path.steps as Json[]);
  const waitFor = step['wait-for'] as Json | undefined;
  if (waitFor !== undefined) {
    if (Array.isArray(waitFor['on-event'])) lists.push(waitFor['on-event'] as Json[]);
    if (Array.isArray(waitFor['on-timeout'])) lists.push(waitFor['on-timeout'] as Json[]);
  }
  return lists;
}

function allRawSteps(steps: readonly Json[]): Json[] {
  return steps.flatMap((step) => [step, ...childListsOf(step).flatMap(allRawSteps)]);
}

/**
 * Which steps carry an explicit id: none, or those the mask selects, in document order. One prefix
 * per scenario and a counter keep ids unique. A leading digit (`9z`) exercises JSONPath names such as
 * `$.buckets.9z1`.
 */
type IdPlan = { readonly prefix: string; readonly mask: readonly boolean[] } | undefined;

const idPlanArb: fc.Arbitrary<IdPlan> = fc.oneof(
  fc.constant(undefined),
  fc.record({
    prefix: fc.constantFrom('s', 'step-', 'n_', '9z'),
    mask: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
  }),
);

function assignIds(steps: Json[], plan: IdPlan): Json[] {
  const copy = structuredClone(steps);
  if (plan === undefined) return copy;
  for (const [index, step] of allRawSteps(copy).entries()) {
    if (plan.mask[index % plan.mask.length] === true) step.id = `${plan.prefix}${index}`;
  }
  return copy;
}

// --- Wait budget --------------------------------------------------------------------------------

/**
 * The longest one step can wait, counted as validation does (a window: up to a day, or a week when
 * it names days), plus the offset of an "until", which validation leaves to the runtime.
 */
function longestWaitSeconds(step: Json): number {
  const windowWait = (days: unknown): number => (days === undefined ? DAY : 7 * DAY);
  if ('wait' in step) {
    const wait = step.wait as string | Json;
    if (typeof wait === 'string') return durationSeconds(wait);
    const then = wait.then === undefined ? 0 : windowWait((wait.then as Json).days);
    const offset = [wait.before, wait.after].reduce<number>(
      (sum, part) => sum + (typeof part === 'string' ? durationSeconds(part) : 0),
      0,
    );
    if (typeof wait.for === 'string') return durationSeconds(wait.for) + then;
    if (typeof wait.window === 'string') return windowWait(wait.days);
    return offset + then;
  }
  if ('wait-for' in step) return durationSeconds((step['wait-for'] as Json).timeout as string);
  return 0;
}

/** All waits of the scenario added up: an upper bound for the waits of any one path. */
export function totalWaitSeconds(steps: readonly Json[]): number {
  return allRawSteps(steps).reduce((sum, step) => sum + longestWaitSeconds(step), 0);
}

// --- Scenarios ----------------------------------------------------------------------------------

const stepsArb: fc.Arbitrary<Json[]> = fc
  .tuple(stepListArb(0), idPlanArb)
  .filter(([steps]) => totalWaitSeconds(steps) < WAIT_BUDGET_SECONDS)
  .map(([steps, plan]) => assignIds(steps, plan));

const entryArb = fc.record(
  {
    key: fc.constantFrom('detail.cartId', 'detail.order-id'),
    reentry: fc.oneof(fc.constantFrom('never', 'always'), fc.record({ after: durationArbitrary })),
    when: conditionArbitrary(1),
  },
  { requiredKeys: [] },
);

/** Plain scenario objects, exactly as YAML would produce them. */
export const rawScenarioArbitrary: fc.Arbitrary<Json> = fc.record(
  {
    id: fc.constantFrom('abandoned-cart', 'onboarding', 'win_back', '2024-promo'),
    name: fc.constantFrom('Abandoned cart', 'Onboarding "B2B"', 'Win back <lapsed>'),
    description: fc.string({ maxLength: 20 }),
    program: fc.constantFrom('conversion', 'activation', 'reactivation'),
    stage: fc.constantFrom(...Stage.options),
    trigger: patternArb,
    entry: entryArb,
    goal: goalArbitrary,
    steps: stepsArb,
  },
  { requiredKeys: ['id', 'name', 'program', 'stage', 'trigger', 'steps'] },
);

/** Scenarios as the compiler receives them: parsed, defaults applied. */
export const scenarioArbitrary: fc.Arbitrary<Scenario> = rawScenarioArbitrary.map((raw) =>
  Scenario.parse(raw),
);
