import { describe, expect, it } from 'vitest';
import { useProjectFixtures } from '../../helpers/project-fixture.ts';
import { violationsOf } from '../../helpers/violations.ts';

const { copyExamples } = useProjectFixtures();

describe('messages that point at the real mistake', () => {
  it('explains a bad value inside "all" as that value, not as an odd comparison', async () => {
    const fixture = await copyExamples();
    await fixture.replace(
      'win-back.yaml',
      '- when: { segment: vip }',
      '- when: { all: [{ aggregate: revenue, gte: lots }] }',
    );

    const found = await violationsOf(fixture);

    expect(found).toEqual(['win-back.yaml:steps[4].branch[0].when.all[0].gte: expected number, got "lots"']);
  });

  it('reports a misspelt key of an object re-entry as an unknown key', async () => {
    const fixture = await copyExamples();
    await fixture.replace('win-back.yaml', 'reentry: { after: 90d }', 'reentry: { aftr: 90d }');

    const found = await violationsOf(fixture);

    expect(found).toEqual([
      'win-back.yaml:entry.reentry: expected one of "after"; found "aftr" (did you mean "after"?)',
    ]);
  });

  it('says a step has one kind when it names two', async () => {
    const fixture = await copyExamples();
    await fixture.replace(
      'abandoned-cart.yaml',
      '  - wait: 1h\n',
      '  - { wait: 1h, send: email, template: welcome }\n',
    );

    const found = await violationsOf(fixture);

    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^abandoned-cart\.yaml:steps\[0\]: use one of .*"wait".*, not several \(found "wait" and "send"\)$/,
    );
  });

  it('does not count a key some step kind accepts as unknown', async () => {
    const fixture = await copyExamples();
    await fixture.replace(
      'abandoned-cart.yaml',
      '    send: email\n    template: cart-reminder',
      '    sned: email\n    template: cart-reminder',
    );

    const found = await violationsOf(fixture);

    expect(found).toHaveLength(1);
    expect(found[0]).toContain('found "sned" (did you mean "send"?)');
    expect(found[0]).not.toContain('"template" (');
  });

  it('words an upper bound in plain language', async () => {
    const fixture = await copyExamples();
    await fixture.replace('win-back.yaml', 'holdout: 10', 'holdout: 100');

    const found = await violationsOf(fixture);

    expect(found).toEqual(['win-back.yaml:steps[1].holdout: must be less than 100']);
  });

  it('bounds the text a condition compares, which its check puts in the execution state', async () => {
    const fixture = await copyExamples();
    await fixture.replace(
      'win-back.yaml',
      '- when: { segment: vip }',
      `- when: { profile: attributes.tier, in: [gold, ${'x'.repeat(1_025)}] }`,
    );

    const found = await violationsOf(fixture);

    expect(found).toEqual([
      'win-back.yaml:steps[4].branch[0].when.in[1]: a condition compares text of at most 1024 characters',
    ]);
  });

  it('counts the text a condition compares in characters, as an editor with the JSON Schema does', async () => {
    // Prepare: 1,024 emoji, which JavaScript counts as 2,048 UTF-16 units, and one more
    const fixture = await copyExamples();
    await fixture.replace(
      'win-back.yaml',
      '- when: { segment: vip }',
      `- when: { profile: attributes.tier, in: ["${'🥇'.repeat(1_024)}", "${'🥈'.repeat(1_025)}"] }`,
    );

    // Act
    const found = await violationsOf(fixture);

    // Assess: the first is within the limit, as the schema's maxLength counts it
    expect(found).toEqual([
      'win-back.yaml:steps[4].branch[0].when.in[1]: a condition compares text of at most 1024 characters',
    ]);
  });

  it('reports only the syntax error of an unreadable parcours.config.yaml, but still checks template syntax', async () => {
    const fixture = await copyExamples();
    await fixture.replace('parcours.config.yaml', 'time-zone: Europe/Paris', 'time-zone: "Europe/Paris');
    await fixture.replace(
      'templates/welcome/email.html',
      '<p>Camille, Customer Success</p>',
      '{% if profile.vip %}<p>Camille</p>',
    );

    const found = await violationsOf(fixture);

    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^parcours\.config\.yaml:\d+:\d+: YAML syntax: /);
    expect(found[1]).toMatch(/^templates\/welcome\/email\.html:\d+:\d+: Liquid syntax: /);
  });

  it('locates a Liquid error inside a front-matter field at its line and column in the file', async () => {
    const fixture = await copyExamples();
    // Line 2 of the file becomes `subject: "Welcome to {{ brand }} and {{ ... }}"`: the value's text
    // starts after `subject: "` at column 11, `{{` is 11 characters into it (column 22), and the
    // variable name itself, which Liquid locates, 3 characters later: column 25.
    await fixture.replace(
      'templates/welcome/email.html',
      'subject: "Welcome to Parcours, {{',
      'subject: "Welcome to {{ brand }} and {{',
    );

    const found = await violationsOf(fixture);

    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^templates\/welcome\/email\.html:2:25: unknown variable "brand"/);
  });

  it('reports a YAML alias bomb as a problem of its file, with the other files still checked', async () => {
    // Prepare: nine levels of nine aliases each, some 387 million values once expanded.
    const fixture = await copyExamples();
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level <= 9; level += 1)
      levels.push(`a${level}: &a${level} [${Array.from({ length: 9 }, () => `*a${level - 1}`).join(', ')}]`);
    await fixture.write('bomb.yaml', `${levels.join('\n')}\n`);
    await fixture.replace('abandoned-cart.yaml', 'template: cart-reminder', 'template: cart-remindr');

    // Act
    const found = await violationsOf(fixture);

    // Assess
    expect(found).toContainEqual(expect.stringMatching(/^bomb\.yaml: YAML: Excessive alias count/));
    expect(found).toContainEqual(expect.stringMatching(/^abandoned-cart\.yaml:.*cart-remindr/));
  });

  it('stops listing YAML errors after the first few', async () => {
    const fixture = await copyExamples();
    await fixture.replace(
      'abandoned-cart.yaml',
      'source: [shop]\n  detail-type: [cart.updated]',
      'source: [shop]]\n  detail-type: [cart.updated]]',
    );

    const found = await violationsOf(fixture);

    expect(found.length).toBeLessThanOrEqual(4);
    expect(found.at(-1)).toMatch(/more YAML syntax errors after these$/);
  });

  it('refuses a holdout inside a path, and a second holdout: a group is decided once, at entry', async () => {
    // Prepare: win-back's holdout moved into one variant of its split, and browse-abandonment
    // given a second one. Customers of the other variant were sent their email and counted as
    // held out; those the second held out, sent nothing, were counted as treated
    const fixture = await copyExamples();
    await fixture.replace('win-back.yaml', '  - holdout: 10\n', '');
    await fixture.replace(
      'win-back.yaml',
      '        steps:\n          - send: email\n            template: win-back-miss-you',
      '        steps:\n          - holdout: 10\n          - send: email\n            template: win-back-miss-you',
    );
    await fixture.replace('browse-abandonment.yaml', '  - wait: 2h', '  - holdout: 5\n  - wait: 2h');

    // Act
    const found = await violationsOf(fixture);

    // Assess
    expect(found).toEqual([
      'browse-abandonment.yaml:steps[1]: a scenario has one holdout (first at steps[0]): its group is decided once, at entry',
      "win-back.yaml:steps[1].split[0].steps[0]: a holdout goes in the scenario's top-level steps, not inside a branch, split or wait-for path: every customer who enters is placed in its group at entry, whatever path they take",
    ]);
  });

  it('refuses steps after a branch whose every path exits: they could never run', async () => {
    const fixture = await copyExamples();
    await fixture.replace(
      'upsell-product-b.yaml',
      '          - id: discover-b-push\n            send: push\n            template: discover-b\n',
      '          - id: discover-b-push\n            send: push\n            template: discover-b\n          - exit: invited\n',
    );
    await fixture.write(
      'upsell-product-b.yaml',
      `${await fixture.read('upsell-product-b.yaml')}  - wait: 1d\n`,
    );

    const found = await violationsOf(fixture);

    expect(found).toEqual([
      'upsell-product-b.yaml:steps[2]: unreachable: this step comes after "never-bought-b", whose every path ends with an "exit", in the same list',
    ]);
  });

  it('refuses payload keys that Step Functions would read as paths', async () => {
    const fixture = await copyExamples();
    await fixture.replace('win-back.yaml', 'set: { lifecycle: at-risk }', "set: { 'lifecycle.$': at-risk }");

    const found = await violationsOf(fixture);

    expect(found).toEqual([
      'win-back.yaml:steps[0].update-profile.set.lifecycle.$: a key may not end in ".$": Step Functions would read "lifecycle.$" as a path',
    ]);
  });

  it('says what is wrong with a profile field a step writes: a bad path, or __proto__', async () => {
    const fixture = await copyExamples();
    await fixture.replace(
      'win-back.yaml',
      'set: { lifecycle: at-risk }',
      "set: { '__proto__.admin': true, 'life cycle': at-risk }",
    );

    const found = await violationsOf(fixture);

    expect(found).toEqual([
      'win-back.yaml:steps[0].update-profile.set.__proto__.admin: the key: a field path cannot hold "__proto__"',
      'win-back.yaml:steps[0].update-profile.set.life cycle: the key: expected a dotted field path such as "detail.cartId"',
    ]);
  });

  it('refuses templates that include other files, which a send could not read', async () => {
    const fixture = await copyExamples();
    await fixture.replace(
      'templates/welcome/email.html',
      '<p>Camille, Customer Success</p>',
      "{% include 'signature' %}",
    );

    const found = await violationsOf(fixture);

    expect(found).toEqual([
      'templates/welcome/email.html:7:1: "include" is not available: a template cannot read other files',
    ]);
  });
});

describe("a webhook's URL", () => {
  it('is refused when a value could choose its server, and flags a value it would encode twice', async () => {
    // Prepare: the example's CRM call, its host from the event, then a path encoded by hand
    const fixture = await copyExamples();
    await fixture.replace(
      'saas-onboarding.yaml',
      'url: https://crm.example.com/hooks/parcours',
      'url: "https://{{ event.detail.crm }}/hooks/{{ profile.profileId | url_encode }}"',
    );

    // Act
    const found = await violationsOf(fixture);

    // Assess
    const at = 'saas-onboarding.yaml:steps[2].branch[0].steps[0].branch[0].steps[1].webhook.url';
    expect(found).toEqual([
      `${at}: a webhook URL's host must end with its domain written out, as in https://{{ profile.tenant }}.crm.example.com: "{{ event.detail.crm }}" would let an event or a profile choose the server`,
    ]);

    // The host written out, the double encoding is what is left
    await fixture.replace('saas-onboarding.yaml', '{{ event.detail.crm }}', 'crm.example.com');
    expect(await violationsOf(fixture)).toEqual([
      `${at}: "| url_encode" would encode a value twice: each value in a webhook URL is percent-encoded already (end with "| raw" to write one as it is)`,
    ]);
  });
});
