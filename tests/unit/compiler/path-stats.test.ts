import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../language/channel.ts';
import { type Goal, Scenario } from '../../../language/scenario.ts';
import type { StateMachine } from '../../../state-machines/compiler/asl.ts';
import { compileScenario } from '../../../state-machines/compiler/compile-scenario.ts';
import { PRICES, pathStats } from '../../../state-machines/compiler/path-stats.ts';
import { buildStepTree } from '../../../state-machines/model/step-tree.ts';

const GOAL: Goal = { event: { 'detail-type': ['order.placed'] }, within: '7d' };

function definitionOf(
  steps: unknown[],
  options: { goal?: Goal; quietHoursChannels?: Channel[] } = {},
): StateMachine {
  const scenario = Scenario.parse({
    id: 'demo',
    name: 'Demo',
    program: 'activation',
    stage: 'onboarding',
    trigger: { 'detail-type': ['account.created'] },
    steps,
  });
  return compileScenario({
    scenario,
    tree: buildStepTree(scenario.steps),
    goal: options.goal,
    quietHoursChannels: options.quietHoursChannels ?? [],
  }).definition;
}

/** The price of 1,000 journeys, written out from the list prices rather than from PRICES. */
function pricePer1000(transitions: number, lambdaRequests: number): number {
  const dollarsPerTransition = 0.025 / 1_000;
  const dollarsPerLambdaRequest = 0.2 / 1_000_000;
  return 1_000 * (transitions * dollarsPerTransition + lambdaRequests * dollarsPerLambdaRequest);
}

describe('pathStats', () => {
  it('counts a straight path: every state entered, one Lambda request per Task (ingest starts the journey)', () => {
    // Prepare: Wait 1 hour → Email welcome → Wait 1 day → Push tips (End).
    const definition = definitionOf([
      { wait: '1h' },
      { send: 'email', template: 'welcome' },
      { wait: '1d' },
      { send: 'push', template: 'tips' },
    ]);
    // Act
    const stats = pathStats(definition);
    // Assess: 4 states entered; 2 Task states (the sends) = 2 requests.
    expect(stats.states).toBe(4);
    expect(stats.longest).toEqual(stats.shortest);
    expect(stats.longest.transitions).toBe(4);
    expect(stats.longest.lambdaRequests).toBe(2);
  });

  it('takes the longest and the shortest way through a branch', () => {
    // Prepare
    const definition = definitionOf([
      {
        id: 'plan',
        branch: [
          {
            when: { profile: 'plan', equals: 'pro' },
            steps: [
              { send: 'email', template: 'a' },
              { send: 'email', template: 'b' },
            ],
          },
        ],
        otherwise: [{ exit: 'basic' }],
      },
    ]);
    // Act
    const stats = pathStats(definition);
    // Assess: states are Check plan, Branch plan, Email a, Email b and Exit basic (5).
    expect(stats.states).toBe(5);
    // Longest: Check → Branch → Email a → Email b = 4 states; Tasks Check, a, b = 3.
    expect(stats.longest).toMatchObject({ transitions: 4, lambdaRequests: 3 });
    // Shortest: Check → Branch → Exit basic = 3 states; Task Check = 1.
    expect(stats.shortest).toMatchObject({ transitions: 3, lambdaRequests: 1 });
  });

  it('follows the wait-for timeout but leaves out the conversion and quiet-hours detours', () => {
    // Prepare
    const definition = definitionOf(
      [
        {
          id: 'open',
          'wait-for': {
            event: { 'detail-type': ['app.opened'] },
            timeout: '2d',
            'on-timeout': [{ send: 'sms', template: 'nudge' }],
          },
        },
        { exit: 'done' },
      ],
      { goal: GOAL, quietHoursChannels: ['sms'] },
    );
    // Act
    const stats = pathStats(definition);
    // Assess: 6 states: Wait for open, SMS nudge, Exit done, Converted, and the quiet-hours
    // Schedule and Wait of the SMS.
    expect(stats.states).toBe(6);
    // Longest: timeout → Wait for open → SMS nudge → Exit done = 3 states; 2 Tasks.
    expect(stats.longest).toMatchObject({ transitions: 3, lambdaRequests: 2 });
    // Shortest: the event arrives → Wait for open → Exit done = 2 states; 1 Task.
    expect(stats.shortest).toMatchObject({ transitions: 2, lambdaRequests: 1 });
  });

  it('counts Choice and Succeed states as transitions but not as Lambda requests', () => {
    // Prepare: Holdout 50% (Choice) → Held out 50% (Succeed), or → Exit done (Succeed).
    const definition = definitionOf([{ holdout: 50 }, { exit: 'done' }]);
    // Act
    const stats = pathStats(definition);
    // Assess: both ways enter 2 states and no Task, so no Lambda request.
    expect(stats.longest).toMatchObject({ transitions: 2, lambdaRequests: 0 });
    expect(stats.shortest).toMatchObject({ transitions: 2, lambdaRequests: 0 });
  });

  it('prices 1,000 journeys at $0.025 per 1,000 transitions and $0.20 per million Lambda requests', () => {
    // Prepare: the branch scenario above, whose paths we counted by hand.
    const definition = definitionOf([
      {
        id: 'plan',
        branch: [
          {
            when: { profile: 'plan', equals: 'pro' },
            steps: [
              { send: 'email', template: 'a' },
              { send: 'email', template: 'b' },
            ],
          },
        ],
        otherwise: [{ exit: 'basic' }],
      },
    ]);
    // Act
    const stats = pathStats(definition);
    // Assess: longest = 4,000 transitions ($0.10) + 3,000 requests ($0.0006) = $0.1006 per 1,000;
    // shortest = 3,000 transitions ($0.075) + 1,000 requests ($0.0002) = $0.0752 per 1,000.
    expect(stats.longest.pricePer1000).toBeCloseTo(0.1006, 10);
    expect(stats.shortest.pricePer1000).toBeCloseTo(0.0752, 10);
    expect(stats.longest.pricePer1000).toBeCloseTo(pricePer1000(4, 3), 10);
    expect(PRICES).toEqual({ perStateTransition: 0.025 / 1_000, perLambdaRequest: 0.2 / 1_000_000 });
  });

  it('rejects a definition whose transitions loop', () => {
    // Prepare: two Wait states that lead to each other.
    const definition: StateMachine = {
      Comment: 'a loop',
      StartAt: 'A',
      States: {
        A: { Type: 'Wait', Seconds: 1, Next: 'B' },
        B: { Type: 'Wait', Seconds: 1, Next: 'A' },
      },
    };
    // Act / Assess
    expect(() => pathStats(definition)).toThrow(/loops through "A"/);
  });
});
