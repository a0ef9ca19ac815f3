import { edgesOf, type StateMachine } from './asl.ts';
import { ERRORS } from './resources.ts';

/** AWS list prices (us-east-1): Standard workflows and Lambda requests. */
export const PRICES = {
  perStateTransition: 0.025 / 1000,
  perLambdaRequest: 0.2 / 1_000_000,
} as const;

export type PathCost = {
  /** States entered, each billed as one state transition. */
  readonly transitions: number;
  /**
   * Lambda requests: one per Task state on the path. The journey is started by ingest, which runs
   * for its trigger event anyway, so starting it costs no request of its own.
   */
  readonly lambdaRequests: number;
  /** US dollars for 1,000 journeys that take this path. */
  readonly pricePer1000: number;
};

export type ScenarioPathStats = {
  readonly states: number;
  readonly longest: PathCost;
  readonly shortest: PathCost;
};

/**
 * The journeys' paths through a state machine: every Next, Choice rule, Default and wait-for
 * timeout. Detours that depend on the moment (a quiet-hours deferral, ending early on conversion)
 * are left out; a deferral adds two states and one Lambda request to the path it delays.
 */
export function pathStats(definition: StateMachine): ScenarioPathStats {
  const memo = new Map<string, { longest: Walk; shortest: Walk }>();
  const walk = (name: string, onPath: ReadonlySet<string>): { longest: Walk; shortest: Walk } => {
    const cached = memo.get(name);
    if (cached !== undefined) return cached;
    const state = definition.States[name];
    if (state === undefined) throw new Error(`state "${name}" does not exist`);
    if (onPath.has(name)) throw new Error(`the journey flow loops through "${name}"`);
    const here: Walk = { states: 1, tasks: state.Type === 'Task' ? 1 : 0 };
    const nextNames = [
      ...new Set(
        edgesOf(name, state)
          .filter((edge) => edge.kind !== 'catch' || edge.label === ERRORS.timeout)
          .map((edge) => edge.to),
      ),
    ];
    // A Task with a timeout catch may also End: ending there is one of its outcomes.
    const ends = state.Type === 'Succeed' || (state.Type !== 'Choice' && state.End === true);
    const result =
      nextNames.length === 0
        ? { longest: here, shortest: here }
        : (() => {
            const children = [
              ...nextNames.map((next) => walk(next, new Set([...onPath, name]))),
              ...(ends ? [{ longest: NOTHING, shortest: NOTHING }] : []),
            ];
            return {
              longest: add(
                here,
                children.map((child) => child.longest).reduce((a, b) => (compare(b, a) > 0 ? b : a)),
              ),
              shortest: add(
                here,
                children.map((child) => child.shortest).reduce((a, b) => (compare(b, a) < 0 ? b : a)),
              ),
            };
          })();
    memo.set(name, result);
    return result;
  };
  const { longest, shortest } = walk(definition.StartAt, new Set());
  return { states: Object.keys(definition.States).length, longest: cost(longest), shortest: cost(shortest) };
}

type Walk = { states: number; tasks: number };
const NOTHING: Walk = { states: 0, tasks: 0 };

function add(a: Walk, b: Walk): Walk {
  return { states: a.states + b.states, tasks: a.tasks + b.tasks };
}

function compare(a: Walk, b: Walk): number {
  return a.states - b.states || a.tasks - b.tasks;
}

function cost(walk: Walk): PathCost {
  const lambdaRequests = walk.tasks;
  const perJourney = walk.states * PRICES.perStateTransition + lambdaRequests * PRICES.perLambdaRequest;
  return { transitions: walk.states, lambdaRequests, pricePer1000: perJourney * 1000 };
}
