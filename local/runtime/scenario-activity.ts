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
  /** What the counts leave out, in words, where the source keeps less than every journey's path. */
  readonly note?: string;
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
  const versions = new VersionTally();
  for (const journey of journeys) {
    for (const name of new Set(journey.states)) {
      const state = stateOf(states, name);
      state.entered += 1;
      if (journey.converted) state.converted += 1;
    }
    if (journey.current !== undefined) stateOf(states, journey.current).waiting += 1;
    versions.add({ ...journey, running: journey.current !== undefined });
  }
  return { journeys: versions.journeys, states: Object.fromEntries(states), versions: versions.list() };
}

/** Journeys counted per version, running and ended, with the first and last entry of each. */
export class VersionTally {
  private readonly versions = new Map<
    string,
    { running: number; ended: number; firstEntered: string; lastEntered: string }
  >();
  journeys = 0;

  add(journey: { readonly version?: string; readonly startedAt: string; readonly running: boolean }): void {
    this.journeys += 1;
    const key = journey.version ?? UNRECORDED_VERSION;
    const version = this.versions.get(key);
    if (version === undefined) {
      this.versions.set(key, {
        running: journey.running ? 1 : 0,
        ended: journey.running ? 0 : 1,
        firstEntered: journey.startedAt,
        lastEntered: journey.startedAt,
      });
      return;
    }
    if (journey.running) version.running += 1;
    else version.ended += 1;
    if (journey.startedAt < version.firstEntered) version.firstEntered = journey.startedAt;
    if (journey.startedAt > version.lastEntered) version.lastEntered = journey.startedAt;
  }

  /** The latest entered first. */
  list(): VersionActivity[] {
    return [...this.versions]
      .map(([version, figures]) => ({ version, ...figures }))
      .sort((a, b) => b.lastEntered.localeCompare(a.lastEntered));
  }
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
