import { describe, expect, it } from 'vitest';
import { ERROR_NAMES } from '../../../language/error-names.ts';
import { Scenario } from '../../../language/scenario.ts';
import { Trigger } from '../../../language/trigger.ts';
import { compileScenario } from '../../../state-machines/compiler/compile-scenario.ts';
import { buildStepTree } from '../../../state-machines/model/step-tree.ts';
import { loadProject } from '../../../state-machines/project/load-project.ts';
import { validateProject } from '../../../state-machines/validation/validate-project.ts';
import { useProjectFixtures } from '../../helpers/project-fixture.ts';
import { namedError, runLocally } from '../../helpers/run-locally.ts';

const { copyExamples } = useProjectFixtures();

/** A birthday-style scenario: wait until a profile date (plus an offset), then email. */
function compileWait(wait: Record<string, unknown>) {
  const scenario = Scenario.parse({
    id: 'birthday',
    name: 'Birthday',
    program: 'activation',
    stage: 'onboarding',
    trigger: { 'detail-type': ['profile.updated'] },
    steps: [
      { id: 'on-the-day', wait },
      { id: 'greeting', send: 'email', template: 'welcome' },
    ],
  });
  return compileScenario({
    scenario,
    tree: buildStepTree(scenario.steps),
    goal: undefined,
    quietHoursChannels: [],
  });
}

const INPUT = { journey: { profileId: 'p-1', scenario: 'birthday' }, event: {} };

describe('a wait until a date already past', () => {
  it('ends the journey in its "date passed" state, reported as exited, and sends nothing', async () => {
    // Prepare
    const compiled = compileWait({ until: 'profile.birthDate', after: '9h' });

    // Act: the schedule function answers as it does for a date in 1990
    const run = await runLocally(compiled.definition, INPUT, (call) => {
      if (call.state.startsWith('Schedule')) throw namedError(ERROR_NAMES.datePassed);
      return {};
    });

    // Assess
    expect(run.lastState).toBe('Wait until 9 hours after profile.birthDate: date passed');
    expect(compiled.manifest.outcomes[run.lastState ?? '']).toBe('exited');
    expect(run.calls.map((call) => call.state)).toEqual(['Schedule until 9 hours after profile.birthDate']);
  });

  it('has no such exit when the step says "if-passed: continue": the wait goes on to the send', async () => {
    // Prepare
    const compiled = compileWait({ until: 'profile.renewalDate', before: '7d', 'if-passed': 'continue' });

    // Act: a past date resolves to now
    const run = await runLocally(compiled.definition, INPUT, (call) =>
      call.state.startsWith('Schedule') ? { at: '2026-07-15T10:00:00Z' } : {},
    );

    // Assess
    expect(Object.keys(compiled.definition.States).some((name) => name.endsWith('date passed'))).toBe(false);
    expect(run.calls.map((call) => call.state)).toEqual([
      'Schedule until 7 days before profile.renewalDate',
      'Email welcome',
    ]);
  });

  it('refuses "if-passed" on a wait that is not "until"', () => {
    // Act
    const parsed = Scenario.safeParse({
      id: 'x',
      name: 'X',
      program: 'activation',
      stage: 'onboarding',
      trigger: { 'detail-type': ['a'] },
      steps: [{ wait: { for: '1d', 'if-passed': 'exit' } }],
    });

    // Assess
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toContain(
      '"if-passed" only applies to "until"',
    );
  });
});

describe('validation of a wait until a yearly date', () => {
  it.each(['profile.birthDate', 'profile.date_of_birth', 'event.detail.anniversary'])(
    'explains that "until" %s is a one-off date',
    async (until) => {
      // Prepare
      const fixture = await copyExamples();
      await fixture.replace('abandoned-cart.yaml', '- wait: 1h', `- wait: { until: ${until}, after: 9h }`);

      // Act
      const { violations } = validateProject(await loadProject(fixture.dir));

      // Assess
      expect(violations).toEqual([
        expect.objectContaining({
          path: 'steps[0].wait.until',
          message: expect.stringContaining(`"until" waits for one date, once: ${until} is a yearly date`),
        }),
      ]);
      // The trigger it suggests is one the language accepts.
      const suggested = /anniversary: \{ date: (\S+), at: "09:00" \}/.exec(violations[0]?.message ?? '')?.[1];
      expect(suggested).toBe(`profile.${until.split('.').at(-1)}`);
      expect(Trigger.safeParse({ anniversary: { date: suggested, at: '09:00' } }).success).toBe(true);
    },
  );

  it('lets a wait until the next occurrence, which the app keeps, validate', async () => {
    // Prepare
    const fixture = await copyExamples();
    await fixture.replace(
      'abandoned-cart.yaml',
      '- wait: 1h',
      '- wait: { until: profile.nextBirthday, after: 9h }',
    );

    // Act
    const { violations } = validateProject(await loadProject(fixture.dir));

    // Assess
    expect(violations).toEqual([]);
  });
});
