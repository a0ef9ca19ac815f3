import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { STEP_KINDS } from '../../../language/steps.ts';
import { loadProject } from '../../../state-machines/project/load-project.ts';
import { validateProject } from '../../../state-machines/validation/validate-project.ts';
import { formatViolation } from '../../../state-machines/validation/violation.ts';
import {
  columnOf,
  EXAMPLES_DIR,
  lineContaining,
  type ProjectFixture,
  useProjectFixtures,
} from '../../helpers/project-fixture.ts';

const { copyExamples } = useProjectFixtures();

/** Validates a project folder; violations are formatted with file names relative to the folder. */
async function validate(dir: string) {
  const result = validateProject(await loadProject(dir));
  const lines = result.violations.map((violation) =>
    formatViolation({ ...violation, file: relative(dir, violation.file) }),
  );
  const validIds = result.project.scenarios.map(({ scenario }) => scenario.id);
  return { ...result, lines, validIds };
}

/** The ids declared by the example scenario files, read from the files themselves. */
async function exampleScenarioIds(): Promise<string[]> {
  const names = (await readdir(EXAMPLES_DIR)).filter(
    (name) => name.endsWith('.yaml') && name !== 'parcours.config.yaml' && name !== 'programs.yaml',
  );
  const ids = await Promise.all(
    names.map(async (name) => (parse(await readFile(join(EXAMPLES_DIR, name), 'utf8')) as { id: string }).id),
  );
  return ids.sort();
}

async function brokenCopy(file: string, search: string, replacement: string): Promise<ProjectFixture> {
  const fixture = await copyExamples();
  await fixture.replace(file, search, replacement);
  return fixture;
}

describe('validateProject on the examples', () => {
  it('finds no violation and keeps every scenario and template', async () => {
    // Prepare
    const ids = await exampleScenarioIds();
    const templateFolders = await readdir(join(EXAMPLES_DIR, 'templates'));

    // Act
    const { lines, validIds, project } = await validate(EXAMPLES_DIR);

    // Assess
    expect(lines).toEqual([]);
    expect(validIds.sort()).toEqual(ids);
    expect(ids).toHaveLength(8);
    expect([...project.templates.keys()].sort()).toEqual(templateFolders.sort());
  });
});

describe('YAML syntax', () => {
  it('reports a syntax error with line:col, and only that, for the broken file', async () => {
    // Prepare: a second "stage" key on the line after the first one.
    const fixture = await brokenCopy(
      'abandoned-cart.yaml',
      'stage: purchase\n',
      'stage: purchase\nstage: signup\n',
    );
    const line = lineContaining(await fixture.read('abandoned-cart.yaml'), 'stage: signup');

    // Act
    const { lines, violations, validIds } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([`abandoned-cart.yaml:${line}:1: YAML syntax: Map keys must be unique`]);
    expect(violations[0]?.line).toBe(line);
    expect(validIds).not.toContain('abandoned-cart');
    expect(validIds).toHaveLength(7);
  });
});

describe('schema errors', () => {
  it('names the step kinds and suggests the closest one for an unknown kind', async () => {
    // Prepare
    const fixture = await brokenCopy('abandoned-cart.yaml', '  - wait: 1h\n', '  - wiat: 1h\n');
    const kinds = STEP_KINDS.map((kind) => `"${kind}"`).join(', ');

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      `abandoned-cart.yaml:steps[0]: expected one of ${kinds}; found "wiat" (did you mean "wait"?)`,
    ]);
  });

  it('reports a misspelt channel as a bad channel with a suggestion', async () => {
    // Prepare
    const fixture = await brokenCopy(
      'abandoned-cart.yaml',
      '    send: email\n    template: cart-reminder',
      '    send: emial\n    template: cart-reminder',
    );

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      'abandoned-cart.yaml:steps[1].send: "emial" is not one of email, sms, push (did you mean "email"?)',
    ]);
  });

  it('reports a duration it cannot read', async () => {
    // Prepare
    const fixture = await brokenCopy('abandoned-cart.yaml', '  - wait: 1h\n', '  - wait: 1hour\n');

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      'abandoned-cart.yaml:steps[0].wait: expected a duration such as "30m", "1h", "2d", "1w" or "1d12h"',
    ]);
  });

  it('reports an unknown key at its own path', async () => {
    // Prepare
    const fixture = await brokenCopy(
      'abandoned-cart.yaml',
      '    template: cart-reminder\n',
      '    template: cart-reminder\n    subjet: Your cart\n',
    );
    const line = lineContaining(await fixture.read('abandoned-cart.yaml'), 'subjet:');

    // Act
    const { lines, violations } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual(['abandoned-cart.yaml:steps[1].subjet: unknown key "subjet"']);
    expect(violations[0]?.line).toBe(line);
  });
});

describe('references', () => {
  it('reports an unknown template with the closest name (the spec example)', async () => {
    // Prepare
    const fixture = await brokenCopy(
      'abandoned-cart.yaml',
      'template: cart-reminder',
      'template: cart-remindr',
    );
    const line = lineContaining(await fixture.read('abandoned-cart.yaml'), 'cart-remindr');

    // Act
    const { lines, violations, validIds } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      'abandoned-cart.yaml:steps[1].template: unknown template "cart-remindr" (did you mean "cart-reminder"?)',
    ]);
    expect(violations[0]?.line).toBe(line);
    expect(validIds).not.toContain('abandoned-cart');
  });

  it('reports a template that has no version for the channel of the send', async () => {
    // Prepare: templates/welcome holds only email.html; send it as an SMS (no sender, so no sender check).
    const fixture = await brokenCopy(
      'saas-onboarding.yaml',
      '    send: email\n    template: welcome\n    from: success\n',
      '    send: sms\n    template: welcome\n',
    );

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      `saas-onboarding.yaml:steps[0].template: template "welcome" has no sms version (add sms.txt to ${fixture.path('templates/welcome')})`,
    ]);
  });

  it('reports an unknown segment with the closest name', async () => {
    // Prepare: win-back steps are update-profile, holdout, split, wait, then the vip branch.
    const fixture = await brokenCopy('win-back.yaml', '{ segment: vip }', '{ segment: vips }');

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      'win-back.yaml:steps[4].branch[0].when.segment: unknown segment "vips" (did you mean "vip"?)',
    ]);
  });

  it('reports an unknown aggregate with the closest name', async () => {
    // Prepare
    const fixture = await brokenCopy('win-back.yaml', 'aggregate: last_order_at', 'aggregate: last_order');

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      'win-back.yaml:entry.when.aggregate: unknown aggregate "last_order" (did you mean "last_order_at"?)',
    ]);
  });

  it('reports an unknown program with the closest name', async () => {
    // Prepare
    const fixture = await brokenCopy('win-back.yaml', 'program: reactivation', 'program: reactivaton');

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      'win-back.yaml:program: unknown program "reactivaton" (did you mean "reactivation"?)',
    ]);
  });
});

describe('conditions', () => {
  it('refuses a temporal operator on a count aggregate', async () => {
    // Prepare: orders_count is a count; "within" tests a timestamp.
    const fixture = await brokenCopy(
      'win-back.yaml',
      '{ aggregate: last_order_at, older-than: 60d }',
      '{ aggregate: orders_count, within: 60d }',
    );

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      'win-back.yaml:entry.when.within: "within" does not apply to a count aggregate (use equals, in, exists, gt, gte, lt, lte)',
    ]);
  });

  it('asks for a key when an aggregate is kept per item', async () => {
    // Prepare: product_purchased_at is declared with per: detail.items.productId.
    const fixture = await brokenCopy(
      'upsell-product-b.yaml',
      '{ aggregate: product_purchased_at, key: product-a, within: 15d }',
      '{ aggregate: product_purchased_at, within: 15d }',
    );

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      'upsell-product-b.yaml:entry.when: aggregate "product_purchased_at" is kept per detail.items.productId: add "key" to name the item',
    ]);
  });

  it('refuses to compare profile.email, which is personal data', async () => {
    // Prepare
    const fixture = await brokenCopy(
      'saas-onboarding.yaml',
      '{ not: { profile: role, equals: internal } }',
      '{ not: { profile: email, equals: someone@example.com } }',
    );

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      'saas-onboarding.yaml:entry.when.not.equals: profile.email is personal data: only "exists" can test it',
    ]);
  });

  it('accepts "exists" on profile.email', async () => {
    // Prepare
    const fixture = await brokenCopy(
      'saas-onboarding.yaml',
      '{ not: { profile: role, equals: internal } }',
      '{ profile: email, exists: true }',
    );

    // Act
    const { lines, validIds } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([]);
    expect(validIds).toContain('saas-onboarding');
  });

  it('refuses a segment defined in terms of another segment', async () => {
    // Prepare
    const fixture = await brokenCopy(
      'parcours.config.yaml',
      'when: { aggregate: revenue, gte: 500 }',
      'when: { segment: large_company }',
    );

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      'parcours.config.yaml:segments.vip.when.segment: a segment cannot refer to another segment',
    ]);
  });
});

describe('templates', () => {
  it('reports a Liquid syntax error at its line in the file', async () => {
    // Prepare: an unclosed tag at the start of the second body line, below a three-line front matter.
    const fixture = await brokenCopy(
      'templates/welcome/email.html',
      '<p>Thanks for creating',
      '{% if segments.vip %}<p>Thanks for creating',
    );
    const line = lineContaining(await fixture.read('templates/welcome/email.html'), '{% if segments.vip %}');

    // Act
    const { lines, violations } = await validate(fixture.dir);

    // Assess
    expect(line).toBe(5);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^templates\/welcome\/email\.html:5:1: Liquid syntax: /);
    expect(lines[0]).toContain('{% if segments.vip %} not closed');
    expect(violations[0]?.line).toBe(5);
  });

  it('reports a variable whose root the renderer does not provide', async () => {
    // Prepare: email.txt has no front matter, so body lines are file lines.
    const file = 'templates/cart-reminder/email.txt';
    const fixture = await brokenCopy(file, 'Back to your cart:', 'Back to your cart {{ cart.id }}:');
    const text = await fixture.read(file);
    const at = `${lineContaining(text, 'cart.id')}:${columnOf(text, 'cart.id')}`;

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      `${file}:${at}: unknown variable "cart": a template can read profile, event, aggregates, segments, journey, unsubscribe_url, preferences_url, now`,
    ]);
  });

  it('reports an aggregate the config does not declare', async () => {
    // Prepare
    const file = 'templates/win-back-miss-you/email.html';
    const fixture = await brokenCopy(
      file,
      '<p>It has been a while.',
      '<p>{{ aggregates.nope }} It has been a while.',
    );
    const text = await fixture.read(file);
    const at = `${lineContaining(text, 'aggregates.nope')}:${columnOf(text, 'aggregates.nope')}`;

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(at).toBe('4:7');
    expect(lines).toEqual([`${file}:${at}: unknown aggregate "nope"`]);
  });
});

describe('step structure', () => {
  it('reports a duplicate step id where it is used the second time', async () => {
    // Prepare
    const fixture = await brokenCopy('app-first-open.yaml', '  - id: first-open', '  - id: get-the-app');

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      'app-first-open.yaml:steps[1].id: duplicate step id "get-the-app" (first used at steps[0])',
    ]);
  });

  it('reports the first step after an exit as unreachable', async () => {
    // Prepare: two steps after the exit of the "otherwise" path of step 1.
    const fixture = await brokenCopy(
      'upsell-product-b.yaml',
      '      - exit: already-owns-b\n',
      '      - exit: already-owns-b\n      - wait: 1d\n      - exit: still-here\n',
    );

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      'upsell-product-b.yaml:steps[1].otherwise[1]: unreachable: this step comes after an "exit" in the same list',
    ]);
  });

  it('reports split weights that do not sum to 100', async () => {
    // Prepare: 50 + 40.
    const fixture = await brokenCopy(
      'win-back.yaml',
      '        weight: 50\n        steps:\n          - send: email\n            template: win-back-discount',
      '        weight: 40\n        steps:\n          - send: email\n            template: win-back-discount',
    );

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual(['win-back.yaml:steps[2].split: split weights sum to 90, expected 100']);
  });
});

describe('wait limits', () => {
  it('reports a single wait longer than a year', async () => {
    // Prepare
    const fixture = await brokenCopy('abandoned-cart.yaml', '  - wait: 1d\n', '  - wait: 400d\n');

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      'abandoned-cart.yaml:steps[2].wait: waits 400 days, longer than the one-year limit of a journey',
    ]);
  });

  it('reports the step by which the waits of a path add up past a year', async () => {
    // Prepare: 200 days, a send, then 200 more days.
    const fixture = await copyExamples();
    await fixture.replace('abandoned-cart.yaml', '  - wait: 1h\n', '  - wait: 200d\n');
    await fixture.replace('abandoned-cart.yaml', '  - wait: 1d\n', '  - wait: 200d\n');

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      'abandoned-cart.yaml:steps[2]: by this step the journey may have waited 400 days, longer than the one-year limit',
    ]);
  });

  it('accepts waits that add up to exactly 365 days', async () => {
    // Prepare: 364 days, a send, then 1 day.
    const fixture = await brokenCopy('abandoned-cart.yaml', '  - wait: 1h\n', '  - wait: 364d\n');

    // Act
    const { lines, validIds } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([]);
    expect(validIds).toContain('abandoned-cart');
  });
});

describe('project files', () => {
  it('reports a scenario id already used by another file, in the later file', async () => {
    // Prepare: a copy of win-back.yaml under a name read after it (files are read in name order).
    const fixture = await copyExamples();
    const copy = await fixture.read('win-back.yaml');
    await fixture.write('zz-win-back-copy.yaml', copy);

    // Act
    const { lines, validIds, violations } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      `zz-win-back-copy.yaml:id: scenario id "win-back" is already used by ${fixture.path('win-back.yaml')}`,
    ]);
    expect(violations[0]?.line).toBe(lineContaining(copy, 'id: win-back'));
    expect(validIds.filter((id) => id === 'win-back')).toHaveLength(1);
  });

  it('reports a missing programs.yaml once, without an error per scenario', async () => {
    // Prepare
    const fixture = await copyExamples();
    await fixture.remove('programs.yaml');

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual(['programs.yaml: missing: every scenario belongs to a program']);
  });

  it('reports an invalid parcours.config.yaml without cascading into scenarios and templates', async () => {
    // Prepare: scenarios and templates use the config's senders, aggregates and segments.
    const fixture = await brokenCopy(
      'parcours.config.yaml',
      'time-zone: Europe/Paris',
      'time-zone: Europe/Pariss',
    );

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      'parcours.config.yaml:time-zone: expected an IANA time zone such as "Europe/Paris"',
    ]);
  });
});

describe('reporting', () => {
  it('reports every violation of every file in one run', async () => {
    // Prepare: a scenario reference, a scenario structure and a template, in three files.
    const fixture = await copyExamples();
    await fixture.replace('abandoned-cart.yaml', 'template: cart-reminder', 'template: cart-remindr');
    await fixture.replace(
      'win-back.yaml',
      '        weight: 50\n        steps:\n          - send: email\n            template: win-back-discount',
      '        weight: 60\n        steps:\n          - send: email\n            template: win-back-discount',
    );
    await fixture.replace(
      'templates/welcome/email.html',
      '<p>Thanks for creating',
      '{% if segments.vip %}<p>Thanks',
    );

    // Act
    const { lines, validIds } = await validate(fixture.dir);

    // Assess
    expect(lines).toHaveLength(3);
    expect(lines).toContain(
      'abandoned-cart.yaml:steps[1].template: unknown template "cart-remindr" (did you mean "cart-reminder"?)',
    );
    expect(lines).toContain('win-back.yaml:steps[2].split: split weights sum to 110, expected 100');
    expect(
      lines.filter((line) => line.startsWith('templates/welcome/email.html:5:1: Liquid syntax:')),
    ).toHaveLength(1);
    expect(validIds.sort()).toEqual([
      'app-first-open',
      'birthday',
      'browse-abandonment',
      'monthly-newsletter',
      'saas-onboarding',
      'upsell-product-b',
    ]);
  });

  it('reports a step the schema refuses and a template unknown in the same scenario, in the order of the file', async () => {
    // Prepare: the README's example, both problems in abandoned-cart.yaml.
    const fixture = await copyExamples();
    await fixture.replace('abandoned-cart.yaml', 'template: cart-reminder', 'template: cart-remindr');
    await fixture.replace('abandoned-cart.yaml', '            send: sms', '            send: smss');

    // Act
    const { lines, validIds } = await validate(fixture.dir);

    // Assess
    expect(lines).toEqual([
      'abandoned-cart.yaml:steps[1].template: unknown template "cart-remindr" (did you mean "cart-reminder"?)',
      'abandoned-cart.yaml:steps[3].branch[0].steps[0].send: "smss" is not one of email, sms, push (did you mean "sms"?)',
    ]);
    expect(validIds).not.toContain('abandoned-cart');
  });

  it('still reports a later step that reuses the id of a step the schema refuses', async () => {
    // Prepare: cart-email refused (its channel), and cart-sms renamed cart-email.
    const fixture = await copyExamples();
    await fixture.replace(
      'abandoned-cart.yaml',
      'send: email\n    template: cart-reminder',
      'send: emaill\n    template: cart-reminder',
    );
    await fixture.replace('abandoned-cart.yaml', 'id: cart-sms', 'id: cart-email');

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess
    expect(lines.filter((line) => line.startsWith('abandoned-cart.yaml:'))).toEqual([
      'abandoned-cart.yaml:steps[1].send: "emaill" is not one of email, sms, push (did you mean "email"?)',
      expect.stringMatching(/^abandoned-cart\.yaml:steps\[3\]\.branch\[0\]\.steps\[0\]\.id: .*cart-email/),
    ]);
  });

  it('leaves the other checks of a scenario out when its problem lies outside its steps', async () => {
    // Prepare: a trigger no stand-in can replace, and an unknown template.
    const fixture = await copyExamples();
    await fixture.replace('abandoned-cart.yaml', 'template: cart-reminder', 'template: cart-remindr');
    await fixture.replace('abandoned-cart.yaml', 'detail-type: [cart.updated]', 'detail-type: cart.updated');

    // Act
    const { lines } = await validate(fixture.dir);

    // Assess: the trigger's problem alone, rather than findings about a scenario it cannot read.
    expect(lines.filter((line) => line.startsWith('abandoned-cart.yaml:'))).toHaveLength(1);
    expect(lines[0]).toMatch(/^abandoned-cart\.yaml:trigger/);
  });
});
