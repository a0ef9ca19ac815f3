import '../engine/promise-with-resolvers.ts';
import { StateMachine as Engine } from 'aws-local-stepfunctions';
import type { Outcome } from '../../language/manifest.ts';
import type { State, StateMachine, TaskState } from '../../state-machines/compiler/asl.ts';
import { ERRORS, WAIT_FOR_TASK_TOKEN } from '../../state-machines/compiler/resources.ts';
import type { Activity } from './activity.ts';
import type { ExecutionRecord } from './execution-record.ts';
import { cutAtTimers, LOCAL_TIMER_ARN, localDefinition, reachableFrom } from './local-definition.ts';
import type { TimeSource } from './time.ts';

/** An in-process function, as a Lambda would be invoked with its Task's input. */
export type LocalFunction = (input: unknown) => Promise<unknown>;

export type RunnerDeps = {
  readonly time: TimeSource;
  readonly activity: Activity;
  /** By function ARN (see LOCAL_FUNCTION_ARNS). */
  readonly functions: Readonly<Record<string, LocalFunction>>;
  /** Told every change, to persist, log or report it. */
  readonly onChange?: (record: ExecutionRecord, change: 'started' | 'state' | 'ended') => void;
};

export type LocalScenario = {
  readonly id: string;
  /** The scenario version (see the manifest): a journey keeps running on the one it entered on. */
  readonly version?: string | undefined;
  readonly definition: StateMachine;
  readonly outcomes: Readonly<Record<string, Outcome>>;
};

/** An engine for one form of a definition, and where each of its timers goes on (see cutAtTimers). */
type PreparedEngine = {
  readonly engine: Engine;
  readonly after: ReadonlyMap<string, string | undefined>;
  /** Its Task states (see taskStates), each given a handler at every run. */
  readonly tasks: readonly [string, TaskState][];
};

/** Where an engine run starts (the definition's start when undefined) and with what input. */
type Leg = { readonly from: string | undefined; readonly input: unknown };

type Waiting = { resolve: (output: unknown) => void; reject: (error: Error) => void };

/**
 * Runs executions of compiled scenarios on aws-local-stepfunctions with Task states calling the
 * functions in-process, and emulates what the engine lacks: `.waitForTaskToken` (a token registry
 * that ingest resumes, with the timeout in platform time) and waits in platform time.
 */
export class ExecutionRunner {
  private readonly waiting = new Map<string, Waiting>();
  /** One engine per scenario version (and per resumed state), built when first needed. */
  private readonly engines = new WeakMap<StateMachine, Map<string, PreparedEngine>>();
  private readonly running = new Map<string, Promise<ExecutionRecord>>();

  constructor(private readonly deps: RunnerDeps) {}

  /** Builds the engines of these scenarios now, so the first journey does not wait for it. */
  prepare(scenarios: Iterable<LocalScenario>): void {
    for (const scenario of scenarios) this.engineFor(scenario, undefined);
  }

  /** Starts an execution; a second start under the same name joins the first, as in AWS. */
  start(
    scenario: LocalScenario,
    name: string,
    input: unknown,
    resumeAt?: { state: string; startedAt: string; states: ExecutionRecord['states'] },
  ): Promise<ExecutionRecord> {
    const existing = this.running.get(name);
    if (existing !== undefined) return existing;
    const run = this.execute(scenario, name, { from: resumeAt?.state, input }, resumeAt);
    this.running.set(name, run);
    return run;
  }

  get inFlight(): number {
    return this.running.size;
  }

  /** All executions currently running settle (for tests and shutdown). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  resumeTask(token: string, output: unknown): boolean {
    const waiter = this.waiting.get(token);
    if (waiter === undefined) return false;
    this.waiting.delete(token);
    waiter.resolve(output);
    return true;
  }

  failTask(token: string, error: string, cause: string): boolean {
    const waiter = this.waiting.get(token);
    if (waiter === undefined) return false;
    this.waiting.delete(token);
    waiter.reject(namedError(error, cause));
    return true;
  }

  /**
   * Runs an execution to its end. At each local timer the engine run ends (see cutAtTimers) and the journey
   * sleeps as data (its record and the timer's input), then a new run starts at the timer's next
   * state: a journey waiting a day holds a few hundred bytes instead of a suspended engine (about
   * 12 KB of promises, closures and a Node timer), which is what lets a backtest keep a million
   * customers mid-journey. Wait-for tasks still wait inside the engine.
   */
  private async execute(
    scenario: LocalScenario,
    name: string,
    leg: Leg | undefined,
    resumeAt: { state: string; startedAt: string; states: ExecutionRecord['states'] } | undefined,
  ): Promise<ExecutionRecord> {
    const { time } = this.deps;
    const version = versionOf(leg?.input);
    const record: ExecutionRecord = {
      name,
      scenario: scenario.id,
      profileId: profileOf(leg?.input),
      ...(version === undefined ? {} : { version }),
      status: 'running',
      startedAt: resumeAt?.startedAt ?? time.now().toISOString(),
      states: [...(resumeAt?.states ?? [])],
    };
    this.deps.onChange?.(record, 'started');
    try {
      while (leg !== undefined) {
        const sleep = await this.runLeg(scenario, record, leg.from, leg.input);
        if (sleep === undefined) break;
        // The parameter itself moves on, before the sleep: a suspended async function keeps its
        // parameters, and a journey asleep would hold the input it started with besides its own.
        leg = sleep.resume;
        await time.sleepUntil(sleep.until);
      }
      const last = record.states.at(-1)?.name ?? '';
      record.status = scenario.outcomes[last] ?? 'completed';
    } catch (error) {
      record.status = 'failed';
      record.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.running.delete(record.name);
    }
    record.endedAt = time.now().toISOString();
    delete record.current;
    this.deps.onChange?.(record, 'ended');
    return record;
  }

  /**
   * One engine run, from `from` (the definition's start when undefined) until the execution ends,
   * fails (thrown), or reaches a local timer: then what to sleep until and where to go on after
   * (nowhere when the timer ends the execution).
   */
  private async runLeg(
    scenario: LocalScenario,
    record: ExecutionRecord,
    from: string | undefined,
    input: unknown,
  ): Promise<{ until: Date; resume: Leg | undefined } | undefined> {
    const { time } = this.deps;
    const { engine, after, tasks } = this.engineFor(scenario, from);
    let timer: { state: string; until: Date } | undefined;
    const handlers: Record<string, (input: never) => Promise<unknown>> = {};
    const retryIntervalOverrides: Record<string, number> = {};
    for (const [stateName, state] of tasks) {
      retryIntervalOverrides[stateName] = 0;
      handlers[stateName] =
        state.Resource === LOCAL_TIMER_ARN
          ? async (taskInput: never) => {
              timer = { state: stateName, until: this.timerDue(taskInput) };
              return {};
            }
          : (taskInput: never) => this.invoke(state.Resource, taskInput, record.name);
    }
    const { eventLogs, result } = engine.run(input as never, {
      overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides },
      context: { Task: { Token: `local:${record.name}` } } as never,
    });
    const follow = (async () => {
      for await (const event of eventLogs) {
        if (event.type !== 'StateEntered') continue;
        record.states.push({ name: event.state.name, at: time.now().toISOString() });
        record.current = { state: event.state.name, input: event.state.input };
        this.deps.onChange?.(record, 'state');
      }
    })();
    let output: unknown;
    try {
      output = await result;
    } finally {
      await follow.catch(() => undefined);
    }
    if (timer === undefined) return undefined;
    // A timer has no ResultPath (see localDefinition): the run's output, which the timer's next
    // state takes, is the timer's own input. The record takes that same object for the state it
    // rests in, so a sleeping journey holds its data once (the engine copies an input it runs).
    record.current = { state: timer.state, input: output };
    const next = after.get(timer.state);
    return { until: timer.until, resume: next === undefined ? undefined : { from: next, input: output } };
  }

  private engineFor(scenario: LocalScenario, startAt: string | undefined): PreparedEngine {
    // By the definition itself: every version, and a resumed execution's definition (whose wait
    // is shortened by what it waited already), has an object of its own, dropped with it.
    let byStart = this.engines.get(scenario.definition);
    if (byStart === undefined) {
      byStart = new Map();
      this.engines.set(scenario.definition, byStart);
    }
    const cached = byStart.get(startAt ?? '');
    if (cached !== undefined) return cached;
    const { definition: base, after } = cutAtTimers(localDefinition(scenario.definition));
    // The engine refuses unreachable states: a run keeps what lies ahead of it up to its timers.
    const definition = reachableFrom(base, startAt ?? base.StartAt);
    const built = {
      after,
      tasks: taskStates(definition.States),
      // Not validated again here: asl-validator compiles its JSON schemas afresh at every call
      // (a third of a second, over two seconds for a project on every simulation worker), and
      // the compiler's output, local form included, is checked against it in the test suite.
      engine: new Engine(definition as never, { validationOptions: { noValidate: true } }),
    };
    byStart.set(startAt ?? '', built);
    return built;
  }

  private async invoke(resource: string, input: unknown, execution: string): Promise<unknown> {
    if (resource === WAIT_FOR_TASK_TOKEN) return this.waitForTaskToken(input, execution);
    const fn = this.deps.functions[resource];
    if (fn === undefined) throw new Error(`no local function for ${resource}`);
    return this.deps.activity.run(() => fn(input));
  }

  /** When a local timer is due: its `seconds` from now, or its `timestamp`. */
  private timerDue(input: unknown): Date {
    const { time } = this.deps;
    const seconds = readNumber(input, 'seconds');
    const timestamp = readString(input, 'timestamp');
    return seconds !== undefined
      ? new Date(time.now().getTime() + seconds * 1000)
      : new Date(timestamp ?? time.now());
  }

  /**
   * The engine has no `.waitForTaskToken`: the wait-for function registers the token, and the
   * Task then waits until ingest resumes it, fails it, or the timeout passes in platform time.
   */
  private async waitForTaskToken(input: unknown, execution: string): Promise<unknown> {
    const functionArn = readString(input, 'FunctionName');
    const payload =
      typeof input === 'object' && input !== null && 'Payload' in input ? input.Payload : undefined;
    const step = readString(payload, 'step') ?? 'wait';
    const token = `local:${execution}:${step}`;
    const timeoutSeconds = readNumber(payload, 'timeoutSeconds') ?? 0;
    const fn = functionArn === undefined ? undefined : this.deps.functions[functionArn];
    if (fn === undefined) throw new Error(`no local function for ${functionArn ?? 'the wait-for task'}`);
    const resumed = new Promise<unknown>((resolve, reject) => this.waiting.set(token, { resolve, reject }));
    await this.deps.activity.run(() => fn({ ...(typeof payload === 'object' ? payload : {}), token }));
    const timeout = new AbortController();
    const timedOut = this.deps.time
      .sleepUntil(new Date(this.deps.time.now().getTime() + timeoutSeconds * 1000), timeout.signal)
      .then(() => {
        this.waiting.delete(token);
        throw namedError(ERRORS.timeout, `no matching event within ${timeoutSeconds} s`);
      });
    try {
      return await Promise.race([resumed, timedOut]);
    } finally {
      timeout.abort();
    }
  }
}

/** Every Task state, those of Map states' processors included: the engine runs them by name. */
function taskStates(states: Readonly<Record<string, State>>): [string, TaskState][] {
  return Object.entries(states).flatMap(([name, state]): [string, TaskState][] =>
    state.Type === 'Task'
      ? [[name, state]]
      : state.Type === 'Map'
        ? taskStates(state.ItemProcessor.States)
        : [],
  );
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function readNumber(value: unknown, key: string): number | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
  const field: unknown = Reflect.get(value, key);
  return typeof field === 'number' ? field : undefined;
}

function readString(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
  const field: unknown = Reflect.get(value, key);
  return typeof field === 'string' ? field : undefined;
}

function profileOf(input: unknown): string {
  return readString(journeyOf(input), 'profileId') ?? 'unknown';
}

/** The scenario version the journey entered on, when its input says (journeys since versions). */
function versionOf(input: unknown): string | undefined {
  return readString(journeyOf(input), 'version');
}

function journeyOf(input: unknown): unknown {
  return typeof input === 'object' && input !== null && 'journey' in input ? input.journey : undefined;
}
