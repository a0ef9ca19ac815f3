import type { ScenarioAssignments } from '../../language/assignments.ts';
import type { Channel } from '../../language/channel.ts';
import type { Outcome, ScenarioManifest } from '../../language/manifest.ts';
import type { Goal, Scenario } from '../../language/scenario.ts';
import { endsWhenDatePassed, type WaitSpec } from '../../language/wait-spec.ts';
import type { StepNode } from '../model/step-tree.ts';
import type { Catcher, State, TaskState } from './asl.ts';
import { ERRORS, functionResource, RETRY_TRANSIENT } from './resources.ts';

/** The Amazon States Language limit on state names. */
const MAX_STATE_NAME = 80;

export const CONVERTED_STATE = 'Converted';
export const COMPLETED_STATE = 'Completed';
/** Ends the name of the state a journey ends in when its wait's date had passed. */
export const DATE_PASSED = 'date passed';
export const JOURNEY = { 'journey.$': '$.journey' } as const;

export type BuilderInput = {
  readonly scenario: Scenario;
  /** The scenario's goal, or its program's when it has none. */
  readonly goal: Goal | undefined;
  /** Channels whose marketing sends wait for quiet hours to end (parcours.config.yaml). */
  readonly quietHoursChannels: readonly Channel[];
};

/** Compiles a list of steps ahead of `next`, for a step kind that holds other steps. */
export type CompileList = (
  nodes: readonly StepNode[],
  next: string | undefined,
  variant: string | undefined,
) => string | undefined;

/**
 * What the compiler of each step kind (steps/) builds a scenario's states with: the states and
 * what the manifest records of them, and the shapes every step shares (Tasks with their retries,
 * the goal's catch, the terminal states). One builder per scenario compiled.
 */
export class ScenarioBuilder {
  readonly states: Record<string, State> = {};
  readonly outcomes: Record<string, Outcome> = {};
  readonly buckets: { key: string; step: string }[] = [];
  readonly stepStates: Record<string, string> = {};
  readonly defaultLabels: Record<string, string> = {};
  readonly emits: ScenarioManifest['emits'] = {};
  readonly splits: ScenarioAssignments['splits'] = [];
  holdout: ScenarioAssignments['holdout'];
  readonly quietChannels: ReadonlySet<Channel>;

  constructor(readonly input: BuilderInput) {
    this.quietChannels = new Set(input.quietHoursChannels);
  }

  add(name: string, state: State): string {
    if (name in this.states) throw new Error(`compiler bug: two states named "${name}"`);
    if (name.length > MAX_STATE_NAME) throw new Error(`compiler bug: state name longer than 80: "${name}"`);
    this.states[name] = state;
    return name;
  }

  terminal(name: string, outcome: Outcome, comment: string): string {
    if (!(name in this.states)) this.add(name, { Type: 'Succeed', Comment: comment });
    this.outcomes[name] = outcome;
    return name;
  }

  /** Where a Choice default or a Catch goes when nothing follows: Choice states cannot End. */
  target(next: string | undefined): string {
    return next ?? this.terminal(COMPLETED_STATE, 'completed', 'The journey ran to its end.');
  }

  transition(next: string | undefined): { End: true } | { Next: string } {
    return next === undefined ? { End: true as const } : { Next: next };
  }

  /** A bucket key, JSONPath-safe and unique within the scenario: `ab-test` and `ab_test` differ. */
  bucketKey(stepId: string): string {
    const base = stepId.replace(/-/g, '_');
    let key = base;
    for (let n = 2; this.buckets.some((bucket) => bucket.key === key); n += 1) key = `${base}_${n}`;
    this.buckets.push({ key, step: stepId });
    return key;
  }

  goalCatch(): Catcher[] {
    return this.input.goal === undefined
      ? []
      : [
          {
            ErrorEquals: [ERRORS.converted],
            ResultPath: null,
            Next: this.terminal(
              CONVERTED_STATE,
              'converted',
              'The goal was reached: no further message is sent.',
            ),
          },
        ];
  }

  /** A wait `until` a date that is already past ends the journey there, unless it says to go on. */
  datePassedCatch(name: string, wait: WaitSpec): Catcher[] {
    return !endsWhenDatePassed(wait)
      ? []
      : [
          {
            ErrorEquals: [ERRORS.datePassed],
            ResultPath: null,
            Next: this.terminal(
              `${name}: ${DATE_PASSED}`,
              'exited',
              `date-passed: ${wait.until} was already past when the journey reached the wait; nothing more is sent.`,
            ),
          },
        ];
  }

  task(
    resource: Parameters<typeof functionResource>[0],
    step: StepNode,
    parameters: Record<string, unknown>,
    next: string | undefined,
    options: { resultPath?: string; catches?: Catcher[] } = {},
  ): TaskState {
    return {
      Type: 'Task',
      Resource: functionResource(resource),
      Parameters: { step: step.id, ...JOURNEY, ...parameters },
      ResultPath: options.resultPath ?? null,
      Retry: RETRY_TRANSIENT,
      ...(options.catches === undefined || options.catches.length === 0 ? {} : { Catch: options.catches }),
      ...this.transition(next),
    };
  }
}
