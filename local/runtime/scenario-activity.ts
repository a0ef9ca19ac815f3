import * as z from 'zod';

/** How the journeys of one scenario stand on one state of its state machine. */
export const StateActivity = z.object({
  /** Journeys that entered the state at least once. */
  entered: z.number().int(),
  /** Journeys in the state now (in a backtest: when it ended). */
  waiting: z.number().int(),
  /** Of those that entered it, journeys that converted. */
  converted: z.number().int(),
});
export type StateActivity = z.infer<typeof StateActivity>;

/** The journeys that run on one version of a scenario. */
export type VersionActivity = {
  readonly version: string;
  readonly running: number;
  readonly ended: number;
  readonly firstEntered: string;
  readonly lastEntered: string;
};

export type ScenarioActivity = {
  readonly journeys: number;
  readonly states: Readonly<Record<string, StateActivity>>;
  readonly versions: readonly VersionActivity[];
};

/** What the activity needs of one journey, whoever kept it (the local engine, a backtest). */
export type JourneyStates = {
  readonly version?: string;
  readonly startedAt: string;
  /** The states it entered, in order; a state entered again appears again. */
  readonly states: readonly string[];
  /** The state it is in, while it runs. */
  readonly current?: string;
  readonly converted: boolean;
};

/** A version recorded before versions were: its journeys are counted together. */
export const UNRECORDED_VERSION = 'unrecorded';

/**
 * Per state: journeys that entered it, those in it now, and those of them that converted; per
 * version: journeys running and ended. One pass over the journeys, so a page over 100,000 of them
 * costs one read of each.
 */
export function scenarioActivity(journeys: Iterable<JourneyStates>): ScenarioActivity {
  const states = new Map<string, { entered: number; waiting: number; converted: number }>();
  const versions = new Map<
    string,
    { running: number; ended: number; firstEntered: string; lastEntered: string }
  >();
  let count = 0;
  for (const journey of journeys) {
    count += 1;
    for (const name of new Set(journey.states)) {
      const state = stateOf(states, name);
      state.entered += 1;
      if (journey.converted) state.converted += 1;
    }
    if (journey.current !== undefined) stateOf(states, journey.current).waiting += 1;
    const key = journey.version ?? UNRECORDED_VERSION;
    const version = versions.get(key);
    if (version === undefined) {
      versions.set(key, {
        running: journey.current === undefined ? 0 : 1,
        ended: journey.current === undefined ? 1 : 0,
        firstEntered: journey.startedAt,
        lastEntered: journey.startedAt,
      });
      continue;
    }
    if (journey.current === undefined) version.ended += 1;
    else version.running += 1;
    if (journey.startedAt < version.firstEntered) version.firstEntered = journey.startedAt;
    if (journey.startedAt > version.lastEntered) version.lastEntered = journey.startedAt;
  }
  const byLatest = (a: VersionActivity, b: VersionActivity) => b.lastEntered.localeCompare(a.lastEntered);
  return {
    journeys: count,
    states: Object.fromEntries(states),
    versions: [...versions].map(([version, figures]) => ({ version, ...figures })).sort(byLatest),
  };
}

function stateOf(
  states: Map<string, { entered: number; waiting: number; converted: number }>,
  name: string,
): { entered: number; waiting: number; converted: number } {
  const found = states.get(name);
  if (found !== undefined) return found;
  const created = { entered: 0, waiting: 0, converted: 0 };
  states.set(name, created);
  return created;
}
