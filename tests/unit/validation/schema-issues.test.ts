import { describe, expect, it } from 'vitest';
import { Scenario } from '../../../language/scenario.ts';
import { STEP_KINDS } from '../../../language/steps.ts';
import { schemaFindings } from '../../../state-machines/validation/schema-issues.ts';
import { formatPath } from '../../../state-machines/validation/violation.ts';

/** A scenario that is valid apart from what a test puts in it. */
function scenario(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 'test-scenario',
    name: 'Test scenario',
    program: 'conversion',
    stage: 'purchase',
    trigger: { source: ['shop'] },
    steps: [{ wait: '1h' }],
    ...overrides,
  };
}

/** Parses with the Scenario schema and explains the issues as `path: message` lines. */
function findings(input: Record<string, unknown>): string[] {
  const result = Scenario.safeParse(input);
  if (result.success) return [];
  return schemaFindings(result.error.issues, input).map(
    ({ path, message }) => `${formatPath(path)}: ${message}`,
  );
}

const KINDS = STEP_KINDS.map((kind) => `"${kind}"`).join(', ');

describe('schemaFindings on the union of step kinds', () => {
  it('turns the complaints of every alternative into one finding when no kind matches', () => {
    // Prepare
    const input = scenario({ steps: [{ wiat: '1h' }] });
    const raw = Scenario.safeParse(input);

    // Act
    const explained = findings(input);

    // Assess: zod reports one union issue holding one list of issues per step kind.
    expect(raw.success).toBe(false);
    const union = raw.error?.issues[0];
    expect(union?.code).toBe('invalid_union');
    expect(union?.code === 'invalid_union' ? union.errors : []).toHaveLength(STEP_KINDS.length);
    expect(explained).toEqual([`steps[0]: expected one of ${KINDS}; found "wiat" (did you mean "wait"?)`]);
  });

  it('picks the send alternative for a send step with a misspelt channel', () => {
    // Prepare
    const input = scenario({ steps: [{ send: 'emial', template: 'welcome' }] });

    // Act
    const explained = findings(input);

    // Assess
    expect(explained).toEqual([
      'steps[0].send: "emial" is not one of email, sms, push (did you mean "email"?)',
    ]);
  });

  it('picks the send alternative and names an unknown key of a send step', () => {
    // Prepare
    const input = scenario({ steps: [{ send: 'email', template: 'welcome', subjet: 'Hello' }] });

    // Act
    const explained = findings(input);

    // Assess
    expect(explained).toEqual(['steps[0].subjet: unknown key "subjet"']);
  });

  it('reports a missing required field of the intended kind', () => {
    // Prepare
    const input = scenario({ steps: [{ send: 'email' }] });

    // Act
    const explained = findings(input);

    // Assess
    expect(explained).toEqual(['steps[0].template: required (string)']);
  });

  it('picks the alternative at any depth: a step inside a branch path', () => {
    // Prepare
    const input = scenario({
      steps: [{ branch: [{ when: { profile: 'role', equals: 'marketer' }, steps: [{ exti: 'done' }] }] }],
    });

    // Act
    const explained = findings(input);

    // Assess
    expect(explained).toEqual([
      `steps[0].branch[0].steps[0]: expected one of ${KINDS}; found "exti" (did you mean "exit"?)`,
    ]);
  });

  it('offers no suggestion when the key is nothing like a step kind', () => {
    // Prepare
    const input = scenario({ steps: [{ teleport: 'mars' }] });

    // Act
    const explained = findings(input);

    // Assess
    expect(explained).toEqual([`steps[0]: expected one of ${KINDS}; found "teleport"`]);
  });

  it('says what a step is when it is not an object', () => {
    // Prepare
    const input = scenario({ steps: ['wait 1h', null, [{ wait: '1h' }]] });

    // Act
    const explained = findings(input);

    // Assess
    expect(explained).toEqual([
      'steps[0]: expected object, got "wait 1h"',
      'steps[1]: expected object, got null',
      'steps[2]: expected object, got a list',
    ]);
  });
});

describe('schemaFindings on the union of wait forms', () => {
  it('explains a text wait as a bad duration, not as a missing object', () => {
    // Prepare
    const input = scenario({ steps: [{ wait: '1hour' }] });

    // Act
    const explained = findings(input);

    // Assess
    expect(explained).toEqual([
      'steps[0].wait: expected a duration such as "30m", "1h", "2d", "1w" or "1d12h"',
    ]);
  });

  it('explains an object wait against the wait spec, not against a duration', () => {
    // Prepare
    const input = scenario({ steps: [{ wait: { for: '2d', unitl: 'profile.renewalDate' } }] });

    // Act
    const explained = findings(input);

    // Assess
    expect(explained).toEqual(['steps[0].wait.unitl: unknown key "unitl"']);
  });

  it('prefers the wait spec with two wrong fields over a duration, which fails on the whole value', () => {
    // Prepare: two problems inside the spec, one (wrong type) for the duration alternative.
    const input = scenario({ steps: [{ wait: { for: 5, days: 'mon' } }] });

    // Act
    const explained = findings(input);

    // Assess
    expect(explained).toEqual([
      'steps[0].wait.for: expected string, got 5',
      'steps[0].wait.days: expected array, got "mon"',
    ]);
  });

  it('keeps the message of a refinement of the wait spec', () => {
    // Prepare: "for" and "until" together.
    const input = scenario({ steps: [{ wait: { for: '2d', until: 'profile.renewalDate' } }] });

    // Act
    const explained = findings(input);

    // Assess
    expect(explained).toEqual(['steps[0].wait: a wait needs exactly one of "for", "until" or "window"']);
  });
});

describe('schemaFindings on conditions', () => {
  it('follows the "not" alternative to the misspelt operator inside it', () => {
    // Prepare
    const input = scenario({
      steps: [
        { branch: [{ when: { not: { profile: 'role', equal: 'internal' } }, steps: [{ wait: '1h' }] }] },
      ],
    });

    // Act
    const explained = findings(input);

    // Assess: the finding is inside "not", never "unknown key "not"".
    expect(explained[0]).toBe('steps[0].branch[0].when.not.equal: unknown key "equal"');
    expect(explained.every((line) => line.startsWith('steps[0].branch[0].when.not'))).toBe(true);
  });
});

describe('schemaFindings on plain fields', () => {
  it('suggests the closest stage', () => {
    // Prepare
    const input = scenario({ stage: 'onbording' });

    // Act
    const explained = findings(input);

    // Assess
    expect(explained).toHaveLength(1);
    expect(explained[0]).toMatch(/^stage: "onbording" is not one of discovery, .*onboarding.*$/);
    expect(explained[0]).toContain('(did you mean "onboarding"?)');
  });

  it('tells a missing field from a field of the wrong type', () => {
    // Prepare
    const missing = scenario({ name: undefined });
    const wrongType = scenario({ name: 5 });

    // Act
    const explainedMissing = findings(missing);
    const explainedWrongType = findings(wrongType);

    // Assess
    expect(explainedMissing).toEqual(['name: required (string)']);
    expect(explainedWrongType).toEqual(['name: expected string, got 5']);
  });

  it('rewrites zod "too small" messages and keeps the schema\'s own messages', () => {
    // Prepare
    const emptyName = scenario({ name: '' });
    const noSteps = scenario({ steps: [] });
    const zeroWeight = scenario({
      steps: [
        {
          split: [
            { variant: 'a', weight: 0, steps: [{ wait: '1h' }] },
            { variant: 'b', weight: 100, steps: [{ wait: '1h' }] },
          ],
        },
      ],
    });

    // Act
    const explainedName = findings(emptyName);
    const explainedSteps = findings(noSteps);
    const explainedWeight = findings(zeroWeight);

    // Assess
    expect(explainedName).toEqual(['name: needs at least 1 character(s)']);
    expect(explainedSteps).toEqual(['steps: a scenario needs at least one step']);
    expect(explainedWeight[0]).toBe('steps[0].split[0].weight: must be at least 1');
  });

  it('reports each unknown top-level key at its own path', () => {
    // Prepare
    const input = scenario({ owner: 'me', colour: 'blue' });

    // Act
    const explained = findings(input);

    // Assess
    expect(explained).toEqual(['owner: unknown key "owner"', 'colour: unknown key "colour"']);
  });
});
