import { createHash } from 'node:crypto';
import type { ScenarioAssignments } from '../../language/assignments.ts';
import { durationSeconds, humanizeDuration } from '../../language/duration.ts';
import type { Outcome, ScenarioManifest } from '../../language/manifest.ts';
import type { Goal, Scenario } from '../../language/scenario.ts';
import { type Channel, endsWhenDatePassed, type WaitSpec } from '../../language/steps.ts';
import { eventFieldsRead } from '../model/event-fields.ts';
import { assertUnreachable, type StepNode } from '../model/step-tree.ts';
import type { Catcher, ChoiceRule, State, StateMachine, TaskState, TopChoiceRule } from './asl.ts';
import { BUCKETS_PATH, choiceRule, EVENT_PATH, needsFacts } from './choice-rules.ts';
import { FactCollector } from './facts.ts';
import { ERRORS, functionResource, RETRY_TRANSIENT, WAIT_FOR_TASK_TOKEN } from './resources.ts';

export type CompileInput = {
  readonly scenario: Scenario;
  readonly tree: readonly StepNode[];
  /** The scenario's goal, or its program's when it has none. */
  readonly goal: Goal | undefined;
  /** Channels whose marketing sends wait for quiet hours to end (parcours.config.yaml). */
  readonly quietHoursChannels: readonly Channel[];
};

export type CompiledScenario = { readonly definition: StateMachine; readonly manifest: ScenarioManifest };

/** The Amazon States Language limit on state names. */
const MAX_STATE_NAME = 80;

export const CONVERTED_STATE = 'Converted';
export const COMPLETED_STATE = 'Completed';
/** Ends the name of the state a journey ends in when its wait's date had passed. */
export const DATE_PASSED = 'date passed';
const JOURNEY = { 'journey.$': '$.journey' } as const;

/**
 * Compiles a validated scenario to a Standard state machine: one state per step where possible,
 * helper states only where Step Functions needs them (a Check before a Choice that reads profile
 * data, a Schedule before a Wait whose time depends on the profile), and no Pass states.
 */
export function compileScenario(input: CompileInput): CompiledScenario {
  const states: Record<string, State> = {};
  const outcomes: Record<string, Outcome> = {};
  const buckets: { key: string; step: string }[] = [];
  /** JSONPath-safe and unique within the scenario: `ab-test` and `ab_test` get different keys. */
  const bucketKey = (stepId: string): string => {
    const base = stepId.replace(/-/g, '_');
    let key = base;
    for (let n = 2; buckets.some((bucket) => bucket.key === key); n += 1) key = `${base}_${n}`;
    return key;
  };
  const stepStates: Record<string, string> = {};
  const defaultLabels: Record<string, string> = {};
  let holdout: ScenarioAssignments['holdout'];
  const splits: ScenarioAssignments['splits'] = [];
  const quietChannels = new Set(input.quietHoursChannels);

  const add = (name: string, state: State): string => {
    if (name in states) throw new Error(`compiler bug: two states named "${name}"`);
    if (name.length > MAX_STATE_NAME) throw new Error(`compiler bug: state name longer than 80: "${name}"`);
    states[name] = state;
    return name;
  };
  const terminal = (name: string, outcome: Outcome, comment: string): string => {
    if (!(name in states)) add(name, { Type: 'Succeed', Comment: comment });
    outcomes[name] = outcome;
    return name;
  };
  /** Where a Choice default or a Catch goes when nothing follows: Choice states cannot End. */
  const target = (next: string | undefined): string =>
    next ?? terminal(COMPLETED_STATE, 'completed', 'The journey ran to its end.');
  const transition = (next: string | undefined) =>
    next === undefined ? { End: true as const } : { Next: next };
  const goalCatch = (): Catcher[] =>
    input.goal === undefined
      ? []
      : [
          {
            ErrorEquals: [ERRORS.converted],
            ResultPath: null,
            Next: terminal(CONVERTED_STATE, 'converted', 'The goal was reached: no further message is sent.'),
          },
        ];
  /** A wait `until` a date that is already past ends the journey there, unless it says to go on. */
  const datePassedCatch = (name: string, wait: WaitSpec): Catcher[] =>
    !endsWhenDatePassed(wait)
      ? []
      : [
          {
            ErrorEquals: [ERRORS.datePassed],
            ResultPath: null,
            Next: terminal(
              `${name}: ${DATE_PASSED}`,
              'exited',
              `date-passed: ${wait.until} was already past when the journey reached the wait; nothing more is sent.`,
            ),
          },
        ];
  const task = (
    resource: Parameters<typeof functionResource>[0],
    step: StepNode,
    parameters: Record<string, unknown>,
    next: string | undefined,
    options: { resultPath?: string; catches?: Catcher[] } = {},
  ): TaskState => ({
    Type: 'Task',
    Resource: functionResource(resource),
    Parameters: { step: step.id, ...JOURNEY, ...parameters },
    ResultPath: options.resultPath ?? null,
    Retry: RETRY_TRANSIENT,
    ...(options.catches === undefined || options.catches.length === 0 ? {} : { Catch: options.catches }),
    ...transition(next),
  });

  const compileList = (
    nodes: readonly StepNode[],
    next: string | undefined,
    variant: string | undefined,
  ): string | undefined => {
    let following = next;
    for (const node of [...nodes].reverse()) following = compileNode(node, following, variant);
    return following;
  };

  const compileNode = (node: StepNode, next: string | undefined, variant: string | undefined): string => {
    const variantParameter = variant === undefined ? {} : { variant };
    const entry = ((): string => {
      switch (node.kind) {
        case 'wait': {
          const wait = node.step.wait;
          if (typeof wait === 'string')
            return add(node.name, { Type: 'Wait', Seconds: durationSeconds(wait), ...transition(next) });
          const waitState = add(node.name, { Type: 'Wait', TimestampPath: '$.wake.at', ...transition(next) });
          return add(
            `Schedule ${node.name.replace(/^Wait /, '')}`,
            task('schedule', node, { wait, 'event.$': EVENT_PATH }, waitState, {
              resultPath: '$.wake',
              catches: [...goalCatch(), ...datePassedCatch(node.name, wait)],
            }),
          );
        }
        case 'send': {
          const { send: channel, template, category, topic, from } = node.step;
          const parameters = {
            channel,
            template,
            category,
            topic: topic ?? input.scenario.program,
            ...(from === undefined ? {} : { from }),
            ...variantParameter,
          };
          const defers = category === 'marketing' && quietChannels.has(channel);
          const catches = [...goalCatch()];
          if (defers) {
            const resume = add(`${node.name}: quiet hours`, {
              Type: 'Wait',
              TimestampPath: '$.wake.at',
              Next: node.name,
            });
            const schedule = add(
              `Schedule ${node.name} after quiet hours`,
              task('schedule', node, { quietHours: channel }, resume, {
                resultPath: '$.wake',
                catches: goalCatch(),
              }),
            );
            catches.push({ ErrorEquals: [ERRORS.quietHours], ResultPath: null, Next: schedule });
          }
          return add(node.name, task('send', node, parameters, next, { catches }));
        }
        case 'branch': {
          const facts = new FactCollector();
          const choices: TopChoiceRule[] = node.paths.map((path) => ({
            ...choiceRule(path.when, facts),
            Next: target(compileList(path.steps, next, variant)),
            Comment: path.label,
          }));
          const choice = add(node.name, {
            Type: 'Choice',
            Choices: choices,
            Default: target(compileList(node.otherwise, next, variant)),
          });
          if (!node.paths.some((path) => needsFacts(path.when))) return choice;
          return add(
            `Check ${node.name.replace(/^Branch /, '')}`,
            task('check', node, { facts: facts.all }, choice, {
              resultPath: '$.facts',
              catches: goalCatch(),
            }),
          );
        }
        case 'split': {
          const key = bucketKey(node.id);
          buckets.push({ key, step: node.id });
          let upper = 0;
          const paths = node.paths.map((path) => {
            upper += path.weight;
            const pathVariant = variant === undefined ? path.variant : `${variant}/${path.variant}`;
            return {
              upper,
              label: `${path.variant} (${path.weight}%)`,
              next: target(compileList(path.steps, next, pathVariant)),
            };
          });
          splits.push({
            step: node.id,
            variants: node.paths.map((path, index) => ({
              variant: path.variant,
              upper: paths[index]?.upper ?? 100,
            })),
          });
          const last = paths.pop();
          if (last === undefined) throw new Error('compiler bug: a split without paths');
          defaultLabels[node.name] = last.label;
          return add(node.name, {
            Type: 'Choice',
            Comment:
              'Each customer keeps the same variant: the bucket is a hash of the profile, scenario and step.',
            Choices: paths.map((path) => ({
              ...bucketBelow(key, path.upper),
              Next: path.next,
              Comment: path.label,
            })),
            Default: last.next,
          });
        }
        case 'holdout': {
          const key = bucketKey(node.id);
          buckets.push({ key, step: node.id });
          holdout = { step: node.id, percent: node.step.holdout };
          defaultLabels[node.name] = `treated (${100 - node.step.holdout}%)`;
          const heldOut = terminal(
            `Held out ${node.step.holdout}%`,
            'held-out',
            'Holdout group: receives nothing from here, still measured against the goal.',
          );
          return add(node.name, {
            Type: 'Choice',
            Choices: [
              {
                ...bucketBelow(key, node.step.holdout),
                Next: heldOut,
                Comment: `holdout (${node.step.holdout}%)`,
              },
            ],
            Default: target(next),
          });
        }
        case 'wait-for': {
          const spec = node.step['wait-for'];
          const timeoutSeconds = durationSeconds(spec.timeout);
          return add(node.name, {
            Type: 'Task',
            Comment: `Resumed by ingest when a matching event arrives; times out after ${humanizeDuration(spec.timeout)}.`,
            Resource: WAIT_FOR_TASK_TOKEN,
            Parameters: {
              FunctionName: functionResource('waitFor'),
              Payload: {
                step: node.id,
                ...JOURNEY,
                'token.$': '$$.Task.Token',
                event: spec.event,
                timeoutSeconds,
              },
            },
            ResultPath: '$.received',
            TimeoutSeconds: timeoutSeconds,
            Retry: RETRY_TRANSIENT,
            Catch: [
              {
                ErrorEquals: [ERRORS.timeout],
                ResultPath: null,
                Next: target(compileList(node.onTimeout, next, variant)),
              },
              ...goalCatch(),
            ],
            ...transition(compileList(node.onEvent, next, variant)),
          });
        }
        case 'update-profile':
          return add(node.name, task('updateProfile', node, { update: node.step['update-profile'] }, next));
        case 'emit':
          return add(node.name, task('emit', node, { event: node.step.emit, ...variantParameter }, next));
        case 'webhook':
          return add(
            node.name,
            task('webhook', node, { request: node.step.webhook, ...variantParameter }, next),
          );
        case 'exit':
          return terminal(node.name, 'exited', `Exit: ${node.step.exit}.`);
        default:
          return assertUnreachable(node);
      }
    })();
    stepStates[node.id] =
      node.kind === 'exit' || node.kind === 'wait-for' || node.kind === 'send' ? node.name : entry;
    return entry;
  };

  const startAt = compileList(input.tree, undefined, undefined);
  if (startAt === undefined) throw new Error(`scenario ${input.scenario.id} has no steps`);
  const definition: StateMachine = {
    Comment: `Parcours scenario "${input.scenario.id}" (${input.scenario.name}), program ${input.scenario.program}`,
    StartAt: startAt,
    States: orderStates(states, startAt),
  };
  return {
    definition,
    manifest: {
      scenario: input.scenario.id,
      buckets: buckets.reverse(),
      outcomes,
      stepStates,
      defaultLabels,
      assignments: { ...(holdout === undefined ? {} : { holdout }), splits: splits.reverse() },
      version: createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 12),
      eventFields: eventFieldsRead(input.scenario, input.tree),
    },
  };
}

function bucketBelow(key: string, upper: number): ChoiceRule {
  const variable = `${BUCKETS_PATH}.${key}`;
  return {
    And: [
      { Variable: variable, IsPresent: true },
      { Variable: variable, IsNumeric: true },
      { Variable: variable, NumericLessThan: upper },
    ],
  };
}

/** States were added from the end backwards; list them in the order a reader follows them. */
function orderStates(states: Record<string, State>, startAt: string): Record<string, State> {
  const ordered: Record<string, State> = {};
  const visit = (name: string): void => {
    const state = states[name];
    if (state === undefined || name in ordered) return;
    ordered[name] = state;
    const nextNames: string[] = [];
    if (state.Type === 'Choice') nextNames.push(...state.Choices.map((rule) => rule.Next), state.Default);
    if (state.Type === 'Task' || state.Type === 'Wait') {
      if (state.Next !== undefined) nextNames.push(state.Next);
      if (state.Type === 'Task') nextNames.push(...(state.Catch ?? []).map((catcher) => catcher.Next));
    }
    for (const next of nextNames) visit(next);
  };
  visit(startAt);
  for (const [name, state] of Object.entries(states)) if (!(name in ordered)) ordered[name] = state;
  return ordered;
}
