import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../language/channel.ts';
import type { Goal } from '../../../language/scenario.ts';
import { Scenario } from '../../../language/scenario.ts';
import type { ChoiceState, State, TaskState, WaitState } from '../../../state-machines/compiler/asl.ts';
import { type CompiledScenario, compileScenario } from '../../../state-machines/compiler/compile-scenario.ts';
import { buildStepTree } from '../../../state-machines/model/step-tree.ts';

const GOAL: Goal = { event: { 'detail-type': ['order.placed'] }, within: '7d' };
const DAY_SECONDS = 86_400;

/** Task resources are `${…FunctionArn}` placeholders that deployment substitutes. */
const placeholder = (name: string): string => `\${${name}}`;

/** Parses and compiles a scenario made of these steps, as compileProject would. */
function compile(
  steps: unknown[],
  options: { goal?: Goal; quietHoursChannels?: Channel[] } = {},
): CompiledScenario {
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
  });
}

function stateOf(compiled: CompiledScenario, name: string): State {
  const state = compiled.definition.States[name];
  if (state === undefined)
    throw new Error(`no state "${name}" among ${Object.keys(compiled.definition.States).join(', ')}`);
  return state;
}
const taskOf = (compiled: CompiledScenario, name: string) => stateOf(compiled, name) as TaskState;
const waitOf = (compiled: CompiledScenario, name: string) => stateOf(compiled, name) as WaitState;
const choiceOf = (compiled: CompiledScenario, name: string) => stateOf(compiled, name) as ChoiceState;

function statesOfType(compiled: CompiledScenario, type: State['Type']): string[] {
  return Object.entries(compiled.definition.States)
    .filter(([, state]) => state.Type === type)
    .map(([name]) => name);
}

function bucketBelow(key: string, upper: number) {
  const variable = `$.buckets.${key}`;
  return {
    And: [
      { Variable: variable, IsPresent: true },
      { Variable: variable, IsNumeric: true },
      { Variable: variable, NumericLessThan: upper },
    ],
  };
}

describe('compileScenario', () => {
  describe('wait', () => {
    it('compiles a fixed duration to one Wait state with Seconds', () => {
      // Act
      const compiled = compile([{ wait: '1d12h' }, { exit: 'done' }]);
      // Assess: 1 day 12 hours = 86,400 + 12 × 3,600 = 129,600 seconds.
      expect(compiled.definition.StartAt).toBe('Wait 1 day 12 hours');
      expect(stateOf(compiled, 'Wait 1 day 12 hours')).toEqual({
        Type: 'Wait',
        Seconds: 129_600,
        Next: 'Exit done',
      });
      expect(statesOfType(compiled, 'Wait')).toEqual(['Wait 1 day 12 hours']);
      expect(statesOfType(compiled, 'Task')).toEqual([]);
    });

    it('compiles "until" to a Schedule task that feeds a Wait on $.wake.at', () => {
      // Act
      const wait = { until: 'profile.renewal', before: '7d' };
      const compiled = compile([{ id: 'renewal', wait }]);
      // Assess
      const schedule = 'Schedule until 7 days before profile.renewal';
      expect(compiled.definition.StartAt).toBe(schedule);
      expect(taskOf(compiled, schedule)).toMatchObject({
        Type: 'Task',
        Resource: placeholder('ScheduleFunctionArn'),
        Parameters: { step: 'renewal', 'journey.$': '$.journey', wait, 'event.$': '$.event' },
        ResultPath: '$.wake',
        Next: 'Wait until 7 days before profile.renewal',
      });
      expect(stateOf(compiled, 'Wait until 7 days before profile.renewal')).toEqual({
        Type: 'Wait',
        TimestampPath: '$.wake.at',
        End: true,
      });
      expect(compiled.manifest.stepStates.renewal).toBe(schedule);
    });

    it('compiles "window" to a Schedule task and a Wait with TimestampPath', () => {
      // Act
      const compiled = compile([{ wait: { window: '09:00-11:00', days: ['mon', 'fri'] } }]);
      // Assess
      expect(statesOfType(compiled, 'Task')).toEqual(['Schedule until 09:00-11:00 on mon,fri']);
      expect(waitOf(compiled, 'Wait until 09:00-11:00 on mon,fri')).toMatchObject({
        TimestampPath: '$.wake.at',
      });
      expect(taskOf(compiled, 'Schedule until 09:00-11:00 on mon,fri').Next).toBe(
        'Wait until 09:00-11:00 on mon,fri',
      );
    });
  });

  describe('send and quiet hours', () => {
    it('sends a marketing SMS through a Catch → Schedule → Wait detour back to the send', () => {
      // Act
      const compiled = compile([{ id: 'nudge', send: 'sms', template: 'cart-sms' }], {
        quietHoursChannels: ['sms', 'push'],
      });
      // Assess
      const send = taskOf(compiled, 'SMS cart-sms');
      expect(send.Catch).toEqual([
        {
          ErrorEquals: ['Parcours.QuietHours'],
          ResultPath: null,
          Next: 'Schedule SMS cart-sms after quiet hours',
        },
      ]);
      expect(send.End).toBe(true);
      expect(taskOf(compiled, 'Schedule SMS cart-sms after quiet hours')).toMatchObject({
        Resource: placeholder('ScheduleFunctionArn'),
        Parameters: { step: 'nudge', quietHours: 'sms' },
        ResultPath: '$.wake',
        Next: 'SMS cart-sms: quiet hours',
      });
      expect(stateOf(compiled, 'SMS cart-sms: quiet hours')).toEqual({
        Type: 'Wait',
        TimestampPath: '$.wake.at',
        Next: 'SMS cart-sms',
      });
    });

    it('sends a transactional SMS without any detour', () => {
      // Act
      const compiled = compile([{ send: 'sms', template: 'otp', category: 'transactional' }], {
        quietHoursChannels: ['sms', 'push'],
      });
      // Assess
      expect(Object.keys(compiled.definition.States)).toEqual(['SMS otp']);
      expect(taskOf(compiled, 'SMS otp').Catch).toBeUndefined();
    });

    it('sends a marketing email without a detour when quiet hours cover only SMS and push', () => {
      // Act
      const compiled = compile([{ send: 'email', template: 'welcome' }], {
        quietHoursChannels: ['sms', 'push'],
      });
      // Assess
      expect(Object.keys(compiled.definition.States)).toEqual(['Email welcome']);
    });

    it('passes the channel, template, category and the program as default topic', () => {
      // Act
      const compiled = compile([{ id: 'hello', send: 'push', template: 'welcome', from: 'app' }]);
      // Assess
      expect(taskOf(compiled, 'Push welcome')).toMatchObject({
        Resource: placeholder('SendFunctionArn'),
        Parameters: {
          step: 'hello',
          'journey.$': '$.journey',
          channel: 'push',
          template: 'welcome',
          category: 'marketing',
          topic: 'activation',
          from: 'app',
        },
        ResultPath: null,
      });
    });
  });

  describe('goal', () => {
    it('adds the Converted catch to send tasks when there is a goal', () => {
      // Act
      const compiled = compile([{ send: 'email', template: 'welcome' }], { goal: GOAL });
      // Assess
      expect(taskOf(compiled, 'Email welcome').Catch).toEqual([
        { ErrorEquals: ['Parcours.Converted'], ResultPath: null, Next: 'Converted' },
      ]);
      expect(stateOf(compiled, 'Converted').Type).toBe('Succeed');
      expect(compiled.manifest.outcomes.Converted).toBe('converted');
    });

    it('adds no catch and no Converted state without a goal', () => {
      // Act
      const compiled = compile([{ send: 'email', template: 'welcome' }]);
      // Assess
      expect(taskOf(compiled, 'Email welcome').Catch).toBeUndefined();
      expect(compiled.definition.States).not.toHaveProperty('Converted');
      expect(compiled.manifest.outcomes).not.toHaveProperty('Converted');
    });

    it('ends the quiet-hours detour as converted too, checking the goal before the quiet hours', () => {
      // Act
      const compiled = compile([{ send: 'push', template: 'tips' }], {
        goal: GOAL,
        quietHoursChannels: ['push'],
      });
      // Assess
      expect(taskOf(compiled, 'Push tips').Catch?.map((catcher) => catcher.ErrorEquals)).toEqual([
        ['Parcours.Converted'],
        ['Parcours.QuietHours'],
      ]);
      expect(taskOf(compiled, 'Schedule Push tips after quiet hours').Catch).toEqual([
        { ErrorEquals: ['Parcours.Converted'], ResultPath: null, Next: 'Converted' },
      ]);
    });
  });

  describe('branch', () => {
    const vipPath = { when: { event: 'detail.total', gt: 100 }, steps: [{ send: 'email', template: 'vip' }] };

    it('goes straight to the Choice when the conditions only read the event', () => {
      // Act
      const compiled = compile([{ id: 'big', branch: [vipPath] }, { exit: 'done' }]);
      // Assess
      expect(compiled.definition.StartAt).toBe('Branch big');
      expect(statesOfType(compiled, 'Task')).toEqual(['Email vip']);
      const choice = choiceOf(compiled, 'Branch big');
      expect(choice.Choices.map((rule) => rule.Next)).toEqual(['Email vip']);
      expect(choice.Default).toBe('Exit done');
      expect(taskOf(compiled, 'Email vip').Next).toBe('Exit done');
      expect(compiled.manifest.stepStates.big).toBe('Branch big');
    });

    it('loads the facts in a Check task first when a condition reads the profile', () => {
      // Act
      const compiled = compile([
        {
          id: 'plan',
          branch: [vipPath, { when: { profile: 'plan', equals: 'pro' }, steps: [{ exit: 'pro' }] }],
        },
      ]);
      // Assess
      expect(compiled.definition.StartAt).toBe('Check plan');
      expect(taskOf(compiled, 'Check plan')).toMatchObject({
        Resource: placeholder('CheckFunctionArn'),
        Parameters: { step: 'plan', facts: [{ kind: 'profile', key: 'f1', path: 'plan', as: 'value' }] },
        ResultPath: '$.facts',
        Next: 'Branch plan',
      });
      expect(choiceOf(compiled, 'Branch plan').Choices.map((rule) => rule.Next)).toEqual([
        'Email vip',
        'Exit pro',
      ]);
      expect(compiled.manifest.stepStates.plan).toBe('Check plan');
    });

    it('labels each rule with its path and sends the otherwise steps on to what follows', () => {
      // Act
      const compiled = compile([
        { id: 'big', branch: [{ ...vipPath, label: 'big spender' }], otherwise: [{ wait: '1h' }] },
        { send: 'email', template: 'thanks' },
      ]);
      // Assess
      const choice = choiceOf(compiled, 'Branch big');
      expect(choice.Choices[0]?.Comment).toBe('big spender');
      expect(choice.Default).toBe('Wait 1 hour');
      expect(waitOf(compiled, 'Wait 1 hour').Next).toBe('Email thanks');
    });
  });

  describe('split', () => {
    it('assigns buckets with cumulative thresholds and sends the last path to Default', () => {
      // Act
      const compiled = compile([
        {
          id: 'subject-test',
          split: [
            { variant: 'a', weight: 20, steps: [{ send: 'email', template: 'a' }] },
            { variant: 'b', weight: 30, steps: [{ send: 'email', template: 'b' }] },
            { variant: 'c', weight: 50, steps: [{ send: 'email', template: 'c' }] },
          ],
        },
      ]);
      // Assess: buckets 0..19 → a, 20..49 → b (20 + 30 = 50), the remaining 50..99 → c.
      const choice = choiceOf(compiled, 'Split subject-test');
      expect(choice.Choices).toEqual([
        { ...bucketBelow('subject_test', 20), Next: 'Email a', Comment: 'a (20%)' },
        { ...bucketBelow('subject_test', 50), Next: 'Email b', Comment: 'b (30%)' },
      ]);
      expect(choice.Default).toBe('Email c');
      expect(compiled.manifest.buckets).toEqual([{ key: 'subject_test', step: 'subject-test' }]);
    });

    it('sets the variant on sends, emits and webhooks inside a split, nested variants joined by "/"', () => {
      // Act
      const compiled = compile([
        {
          id: 'outer',
          split: [
            {
              variant: 'a',
              weight: 50,
              steps: [
                { send: 'email', template: 'a' },
                {
                  id: 'inner',
                  split: [
                    { variant: 'x', weight: 10, steps: [{ send: 'push', template: 'x' }] },
                    { variant: 'y', weight: 90, steps: [{ emit: { 'detail-type': 'y.chosen' } }] },
                  ],
                },
              ],
            },
            { variant: 'b', weight: 50, steps: [{ webhook: { url: 'https://hooks.example.com' } }] },
          ],
        },
        { send: 'email', template: 'after' },
      ]);
      // Assess
      expect(taskOf(compiled, 'Email a').Parameters.variant).toBe('a');
      expect(taskOf(compiled, 'Push x').Parameters.variant).toBe('a/x');
      expect(taskOf(compiled, 'Emit y.chosen').Parameters.variant).toBe('a/y');
      expect(taskOf(compiled, 'Webhook hooks.example.com').Parameters.variant).toBe('b');
      expect(taskOf(compiled, 'Email after').Parameters).not.toHaveProperty('variant');
      // The manifest names the event each emit step publishes, however deep it sits, and no other step
      expect(Object.values(compiled.manifest.emits)).toEqual([
        { source: 'parcours', 'detail-type': 'y.chosen' },
      ]);
    });
  });

  describe('holdout', () => {
    it("sends the held-out bucket to a 'Held out N%' state reported as held-out", () => {
      // Act
      const compiled = compile([{ holdout: 10 }, { send: 'email', template: 'offer' }]);
      // Assess: the step id is derived from "Holdout 10%", and its bucket key is that id with "_".
      const choice = choiceOf(compiled, 'Holdout 10%');
      expect(choice.Choices).toEqual([
        { ...bucketBelow('holdout_10pct', 10), Next: 'Held out 10%', Comment: 'holdout (10%)' },
      ]);
      expect(choice.Default).toBe('Email offer');
      expect(stateOf(compiled, 'Held out 10%').Type).toBe('Succeed');
      expect(compiled.manifest.outcomes['Held out 10%']).toBe('held-out');
      expect(compiled.manifest.buckets).toEqual([{ key: 'holdout_10pct', step: 'holdout-10pct' }]);
    });

    it('gives steps whose ids differ only by "-" and "_" their own buckets', () => {
      // Act: both ids read "ab_test" once "-" becomes "_", the only character JSONPath names refuse.
      const compiled = compile([
        { id: 'ab-test', holdout: 10 },
        { id: 'ab_test', holdout: 20 },
      ]);
      // Assess
      const keys = compiled.manifest.buckets.map((bucket) => bucket.key);
      expect(new Set(keys).size).toBe(2);
      expect(compiled.manifest.buckets.map((bucket) => bucket.step)).toEqual(['ab-test', 'ab_test']);
    });
  });

  describe('wait-for', () => {
    const event = { source: ['app'], 'detail-type': ['app.opened'] };

    it('waits for a task token with a timeout, catching States.Timeout to the on-timeout steps', () => {
      // Act
      const compiled = compile([
        {
          id: 'first-open',
          'wait-for': {
            event,
            timeout: '2d',
            'on-event': [{ send: 'email', template: 'tips' }],
            'on-timeout': [{ send: 'push', template: 'open-app' }],
          },
        },
        { exit: 'done' },
      ]);
      // Assess: 2 days = 2 × 86,400 seconds.
      const timeoutSeconds = 2 * DAY_SECONDS;
      const waitFor = taskOf(compiled, 'Wait for first-open (2 days)');
      expect(waitFor).toMatchObject({
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: {
          FunctionName: placeholder('WaitForFunctionArn'),
          Payload: {
            step: 'first-open',
            'journey.$': '$.journey',
            'token.$': '$$.Task.Token',
            event,
            timeoutSeconds,
          },
        },
        ResultPath: '$.received',
        TimeoutSeconds: timeoutSeconds,
        Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: null, Next: 'Push open-app' }],
        Next: 'Email tips',
      });
      expect(taskOf(compiled, 'Email tips').Next).toBe('Exit done');
      expect(taskOf(compiled, 'Push open-app').Next).toBe('Exit done');
      expect(compiled.manifest.stepStates['first-open']).toBe('Wait for first-open (2 days)');
    });

    it('goes on to the next step on timeout when there are no on-timeout steps, or completes', () => {
      // Act
      const followed = compile([{ id: 'w', 'wait-for': { event, timeout: '1h' } }, { exit: 'done' }]);
      const last = compile([{ id: 'w', 'wait-for': { event, timeout: '1h' } }]);
      // Assess
      expect(taskOf(followed, 'Wait for w (1 hour)').Catch?.[0]?.Next).toBe('Exit done');
      expect(taskOf(last, 'Wait for w (1 hour)')).toMatchObject({
        TimeoutSeconds: 3_600,
        Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Completed' }],
        End: true,
      });
      expect(last.manifest.outcomes.Completed).toBe('completed');
    });
  });

  it('compiles every step kind without a single Pass state', () => {
    // Act
    const compiled = compile(
      [
        { wait: '1h' },
        // biome-ignore lint/suspicious/noThenProperty: `then` is a key of the wait language; specs are never awaited.
        { wait: { for: '1d', then: { window: '09:00-18:00' } } },
        { send: 'sms', template: 'hello' },
        { holdout: 5 },
        { 'update-profile': { set: { stage: 'nurtured' } } },
        { emit: { 'detail-type': 'journey.step' } },
        { webhook: { url: 'https://crm.example.com/hook' } },
        {
          id: 'gate',
          branch: [{ when: { segment: 'vip' }, steps: [{ exit: 'vip' }] }],
          otherwise: [
            {
              id: 'ab',
              split: [
                { variant: 'a', weight: 50, steps: [{ send: 'push', template: 'a' }] },
                { variant: 'b', weight: 50, steps: [{ send: 'email', template: 'b' }] },
              ],
            },
          ],
        },
        { 'wait-for': { event: { 'detail-type': ['order.placed'] }, timeout: '3d' } },
        { exit: 'done' },
      ],
      { goal: GOAL, quietHoursChannels: ['sms', 'push'] },
    );
    // Assess
    const types = new Set(Object.values(compiled.definition.States).map((state) => state.Type));
    expect([...types].sort()).toEqual(['Choice', 'Succeed', 'Task', 'Wait']);
    expect(compiled.manifest.outcomes).toEqual({
      'Held out 5%': 'held-out',
      'Exit vip': 'exited',
      'Exit done': 'exited',
      Converted: 'converted',
    });
  });
});
