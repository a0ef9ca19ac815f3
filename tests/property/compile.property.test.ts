import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachLeaf } from '../../language/condition.ts';
import { ParcoursConfig } from '../../language/config.ts';
import { OPERATOR_KEYS } from '../../language/operator-keys.ts';
import type { Goal, Scenario } from '../../language/scenario.ts';
import { STEP_KINDS } from '../../language/steps.ts';
import type { State, StateMachine } from '../../state-machines/compiler/asl.ts';
import { type CompiledScenario, compileScenario } from '../../state-machines/compiler/compile-scenario.ts';
import { pathStats } from '../../state-machines/compiler/path-stats.ts';
import { mermaidFlowchart } from '../../state-machines/graph/mermaid.ts';
import { allNodes, buildStepTree, type StepNode } from '../../state-machines/model/step-tree.ts';
import type { ScenarioCheckContext } from '../../state-machines/validation/check-context.ts';
import {
  checkDuplicateStepIds,
  checkSplitWeights,
  checkStepsAfterExit,
  checkUniqueVariants,
} from '../../state-machines/validation/checks/step-structure.ts';
import { checkWaitLimits } from '../../state-machines/validation/checks/wait-limits.ts';
import { aslValidation } from '../helpers/asl-validation.ts';
import { MAX_DEPTH, scenarioArbitrary } from '../helpers/scenario-arbitrary.ts';

const NUM_RUNS = 200;
/**
 * asl-validator builds a fresh Ajv instance and compiles its schemas on every call (about 170 ms),
 * so 200 runs would take half a minute on their own; this property runs fewer times.
 */
const ASL_VALIDATOR_RUNS = 40;
/** The Amazon States Language limit on state names. */
const MAX_STATE_NAME = 80;

/** The program's goal, used when a case compiles with a goal but the scenario declares none. */
const PROGRAM_GOAL: Goal = { event: { 'detail-type': ['order.placed'] }, within: '7d' };

type Case = { scenario: Scenario; withGoal: boolean; quietHours: boolean };

const caseArb: fc.Arbitrary<Case> = fc.record({
  scenario: scenarioArbitrary,
  withGoal: fc.boolean(),
  quietHours: fc.boolean(),
});

function compileCase({ scenario, withGoal, quietHours }: Case): {
  tree: StepNode[];
  compiled: CompiledScenario;
} {
  const tree = buildStepTree(scenario.steps);
  const compiled = compileScenario({
    scenario,
    tree,
    goal: withGoal ? (scenario.goal ?? PROGRAM_GOAL) : undefined,
    quietHoursChannels: quietHours ? ['sms', 'push'] : [],
  });
  return { tree, compiled };
}

/** Every transition out of a state, read from the ASL itself (not from the compiler's helpers). */
function successors(state: State): string[] {
  switch (state.Type) {
    case 'Task':
      return [...(state.Next === undefined ? [] : [state.Next]), ...(state.Catch ?? []).map((c) => c.Next)];
    case 'Wait':
    case 'Pass':
    case 'Map':
      return state.Next === undefined ? [] : [state.Next];
    case 'Choice':
      return [...state.Choices.map((rule) => rule.Next), state.Default];
    case 'Succeed':
      return [];
  }
}

function reachableStates(definition: StateMachine): Set<string> {
  const seen = new Set<string>();
  const queue = [definition.StartAt];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const state = definition.States[name];
    if (seen.has(name) || state === undefined) continue;
    seen.add(name);
    queue.push(...successors(state));
  }
  return seen;
}

/** How mermaid.ts escapes a label, restated so the test does not depend on it. */
function mermaidLabel(name: string): string {
  return name.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

describe('the scenario arbitrary', () => {
  it('generates scenarios that pass structural validation', () => {
    // Prepare
    const config = ParcoursConfig.parse({});
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        const context: ScenarioCheckContext = {
          scenario,
          tree: buildStepTree(scenario.steps),
          config,
          programs: { programs: {} },
          templates: new Map(),
        };
        // Act
        const findings = [
          checkDuplicateStepIds,
          checkStepsAfterExit,
          checkSplitWeights,
          checkUniqueVariants,
          checkWaitLimits,
        ].flatMap((check) => check(context));
        // Assess
        expect(findings).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('covers every step kind, wait form, condition kind and operator', () => {
    // Prepare: a fixed seed keeps this deterministic.
    const scenarios = fc.sample(scenarioArbitrary, { numRuns: 300, seed: 20_240_601 });
    const seen = new Set<string>();
    let deepest = 0;

    // Act
    for (const scenario of scenarios) {
      const visit = (nodes: readonly StepNode[], depth: number): void => {
        for (const node of nodes) {
          seen.add(node.kind);
          if (node.kind === 'wait') {
            const wait = node.step.wait;
            if (typeof wait === 'string') seen.add('wait:duration');
            else for (const key of Object.keys(wait)) seen.add(`wait:${key}`);
          }
          if (node.kind === 'send') seen.add(`send:${node.step.send}:${node.step.category}`);
          if (node.kind === 'branch') {
            seen.add(`branch:${node.paths.length}-paths`);
            seen.add(node.step.otherwise === undefined ? 'branch:no-otherwise' : 'branch:otherwise');
            for (const path of node.paths) {
              const kinds = ['all', 'any', 'not'].filter((key) => key in path.when);
              for (const key of kinds) seen.add(`condition:${key}`);
              forEachLeaf(path.when, (leaf) => {
                if ('segment' in leaf) seen.add('condition:segment');
                else {
                  const subject =
                    leaf.profile !== undefined ? 'profile' : leaf.event !== undefined ? 'event' : 'aggregate';
                  const operator = OPERATOR_KEYS.find((key) => leaf[key] !== undefined);
                  seen.add(`condition:${subject}`);
                  seen.add(`operator:${operator}`);
                }
              });
            }
          }
          if (node.kind === 'wait-for') {
            if (node.step['wait-for']['on-event'] !== undefined) seen.add('wait-for:on-event');
            if (node.step['wait-for']['on-timeout'] !== undefined) seen.add('wait-for:on-timeout');
          }
          if (node.kind === 'branch' || node.kind === 'split' || node.kind === 'wait-for') {
            deepest = Math.max(deepest, depth + 1);
          }
          const children =
            node.kind === 'branch'
              ? [...node.paths.map((path) => path.steps), node.otherwise]
              : node.kind === 'split'
                ? node.paths.map((path) => path.steps)
                : node.kind === 'wait-for'
                  ? [node.onEvent, node.onTimeout]
                  : [];
          for (const list of children) visit(list, depth + 1);
        }
      };
      visit(buildStepTree(scenario.steps), 0);
    }

    // Assess
    const expected = [
      ...STEP_KINDS,
      ...['duration', 'for', 'until', 'window', 'days', 'before', 'after', 'then'].map(
        (form) => `wait:${form}`,
      ),
      ...['email', 'sms', 'push'].flatMap((channel) =>
        ['marketing', 'transactional'].map((category) => `send:${channel}:${category}`),
      ),
      ...['1-paths', '2-paths', '3-paths', 'otherwise', 'no-otherwise'].map((form) => `branch:${form}`),
      'wait-for:on-event',
      'wait-for:on-timeout',
      ...['profile', 'aggregate', 'event', 'segment', 'all', 'any', 'not'].map((kind) => `condition:${kind}`),
      ...OPERATOR_KEYS.map((operator) => `operator:${operator}`),
    ];
    expect(expected.filter((feature) => !seen.has(feature))).toEqual([]);
    // Containers nest, but never deeper than the bound the generator promises.
    expect(deepest).toBe(MAX_DEPTH);
  });
});

describe('compileScenario on random valid scenarios', () => {
  it('produces ASL that asl-validator accepts', () => {
    fc.assert(
      fc.property(caseArb, (testCase) => {
        // Act
        const { compiled } = compileCase(testCase);
        const result = aslValidation(compiled.definition);
        // Assess
        expect(result.isValid, result.errorsText('\n')).toBe(true);
      }),
      { numRuns: ASL_VALIDATOR_RUNS },
    );
  });

  it('reaches every state from StartAt through Next, Choices, Default and Catch', () => {
    fc.assert(
      fc.property(caseArb, (testCase) => {
        // Act
        const { definition } = compileCase(testCase).compiled;
        const reachable = reachableStates(definition);
        // Assess
        expect(Object.keys(definition.States).filter((name) => !reachable.has(name))).toEqual([]);
        for (const state of Object.values(definition.States)) {
          for (const next of successors(state)) expect(definition.States).toHaveProperty([next]);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('maps every step id of the tree to an existing state, and every split and holdout to a bucket', () => {
    fc.assert(
      fc.property(caseArb, (testCase) => {
        // Act
        const { tree, compiled } = compileCase(testCase);
        const { stepStates, buckets } = compiled.manifest;
        // Assess
        for (const node of allNodes(tree)) {
          const stateName = stepStates[node.id];
          expect(stateName, `step ${node.id}`).toBeDefined();
          expect(compiled.definition.States).toHaveProperty([stateName ?? '']);
        }
        const bucketed = allNodes(tree).filter((node) => node.kind === 'split' || node.kind === 'holdout');
        expect(buckets.map((bucket) => bucket.step).sort()).toEqual(bucketed.map((node) => node.id).sort());
        expect(new Set(buckets.map((bucket) => bucket.key)).size).toBe(buckets.length);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('names states with at most 80 characters, uses no Pass state and never throws', () => {
    fc.assert(
      fc.property(caseArb, (testCase) => {
        // Act: compile throws on two states with the same name, so reaching here means unique names.
        const { definition, manifest } = compileCase(testCase).compiled;
        // Assess
        const names = Object.keys(definition.States);
        expect(names.filter((name) => name.length > MAX_STATE_NAME)).toEqual([]);
        const types = new Set(Object.values(definition.States).map((state) => state.Type as string));
        expect(types.has('Pass')).toBe(false);
        // Every terminal state is reported with an outcome.
        for (const [name, state] of Object.entries(definition.States)) {
          if (state.Type === 'Succeed') expect(manifest.outcomes, name).toHaveProperty([name]);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('has path statistics whose shortest path is no longer than the longest', () => {
    fc.assert(
      fc.property(caseArb, (testCase) => {
        // Act
        const { definition } = compileCase(testCase).compiled;
        const stats = pathStats(definition);
        // Assess
        expect(stats.states).toBe(Object.keys(definition.States).length);
        expect(stats.shortest.transitions).toBeGreaterThanOrEqual(1);
        expect(stats.shortest.transitions).toBeLessThanOrEqual(stats.longest.transitions);
        // A path enters each state at most once: the journey flow has no loops.
        expect(stats.longest.transitions).toBeLessThanOrEqual(stats.states);
        expect(stats.shortest.pricePer1000).toBeLessThanOrEqual(stats.longest.pricePer1000);
        // One Lambda request per Task state entered, none for starting the journey (ingest does
        // it). Paths are ranked by transitions, so the shorter may still call more functions.
        const tasks = Object.values(definition.States).filter((state) => state.Type === 'Task').length;
        expect(stats.shortest.lambdaRequests).toBeLessThanOrEqual(tasks);
        expect(stats.longest.lambdaRequests).toBeLessThanOrEqual(tasks);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('draws a Mermaid flowchart that mentions every state', () => {
    fc.assert(
      fc.property(caseArb, (testCase) => {
        // Act
        const { definition } = compileCase(testCase).compiled;
        const chart = mermaidFlowchart(definition);
        // Assess
        expect(chart.startsWith('flowchart TD\n')).toBe(true);
        for (const name of Object.keys(definition.States)) expect(chart).toContain(`"${mermaidLabel(name)}"`);
        // An edge to an unknown state would point at the placeholder node "missing".
        expect(chart).not.toMatch(/ missing$/m);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
