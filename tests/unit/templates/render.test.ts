import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CompiledTemplates } from '../../../language/templates/compiled-templates.ts';
import { type RenderedMessage, type RenderRequest, renderMessage } from '../../../shared/templates/render.ts';
import { compileTemplates } from '../../../state-machines/templates/compile-templates.ts';
import { CART_EVENT, exampleBundle, scopeOf, templateOf } from './fixtures.ts';

/** Renders and fails the test with the renderer's own message when it returns an error. */
function rendered(bundle: CompiledTemplates, request: Omit<RenderRequest, 'scope'> & Partial<RenderRequest>) {
  const result = renderMessage(bundle, { scope: scopeOf(), ...request });
  if ('error' in result) throw new Error(result.error);
  return result;
}

function email(message: RenderedMessage) {
  if (message.channel !== 'email') throw new Error(`expected an email, got ${message.channel}`);
  return message;
}

function textOf(message: RenderedMessage): string {
  return message.channel === 'email' ? (message.text ?? '') : message.body;
}

async function bundleOf(files: Record<string, string>): Promise<CompiledTemplates> {
  const { bundle, errors } = await compileTemplates([templateOf('greet', files)]);
  expect(errors).toEqual([]);
  return bundle;
}

describe('renderMessage on the example cart-reminder email', () => {
  it('lists the cart items from event.detail.items with their prices through the money filter', async () => {
    // Prepare
    const bundle = await exampleBundle();

    // Act
    const message = email(rendered(bundle, { template: 'cart-reminder', channel: 'email', locale: 'en-US' }));

    // Assess: the MJML table rows, then the hand-written text part.
    expect(message.html).toMatch(/<tr><td>2 × Ceramic mug<\/td><td align="right">\$12\.00<\/td><\/tr>/);
    expect(message.html).toMatch(/<tr><td>1 × Linen apron<\/td><td align="right">\$34\.50<\/td><\/tr>/);
    expect(message.text).toContain('- 2 x Ceramic mug ($12.00)\n- 1 x Linen apron ($34.50)');
    expect(message.subject).toBe('Ana, your cart is waiting');
    expect(message.html).toContain('href="https://shop.example/cart/c-42"');
  });

  it("keeps the cart link on the cart's page whatever the cart id holds", async () => {
    // Prepare: an id that would otherwise move the link to another path and add a query.
    const bundle = await exampleBundle();
    const scope = { ...scopeOf(), event: { ...scopeOf().event, detail: { cartId: '../account?x=1#' } } };

    // Act
    const message = email(
      rendered(bundle, { template: 'cart-reminder', channel: 'email', locale: 'en', scope }),
    );
    const sms = rendered(bundle, { template: 'cart-sms', channel: 'sms', locale: 'en', scope });

    // Assess
    const link = 'https://shop.example/cart/..%2Faccount%3Fx%3D1%23';
    expect(message.html).toContain(`href="${link}"`);
    expect(message.text).toContain(link);
    expect(textOf(sms)).toContain(`${link} `);
  });

  it('shows the {% if segments.vip %} block to VIP customers only', async () => {
    // Prepare
    const bundle = await exampleBundle();
    const request = { template: 'cart-reminder', channel: 'email', locale: 'en' } as const;

    // Act
    const vip = email(rendered(bundle, { ...request, scope: scopeOf({ vip: true }) }));
    const regular = email(rendered(bundle, { ...request, scope: scopeOf({ vip: false }) }));

    // Assess
    expect(vip.html).toContain('shipping is on us');
    expect(regular.html).not.toContain('shipping is on us');
  });

  it('puts the rendered preheader in the message and, hidden, at the top of the HTML body', async () => {
    // Prepare
    const bundle = await exampleBundle();

    // Act
    const message = email(rendered(bundle, { template: 'cart-reminder', channel: 'email', locale: 'en' }));

    // Assess
    expect(message.preheader).toBe('2 item(s) saved for you');
    expect(message.html).toMatch(
      /<body[^>]*><div style="display:none;[^"]*">2 item\(s\) saved for you<\/div>/,
    );
  });
});

describe('renderMessage on the example cart SMS', () => {
  it('counts the cart items, in the singular for one, in English and French', async () => {
    // Prepare
    const bundle = await exampleBundle();
    const [one] = CART_EVENT.detail.items;
    const oneItem = {
      ...scopeOf(),
      event: { ...CART_EVENT, detail: { ...CART_EVENT.detail, items: [one] } },
    };
    const sms = (locale: string, scope = scopeOf()) =>
      textOf(rendered(bundle, { template: 'cart-sms', channel: 'sms', locale, scope }));

    // Act
    const counts = [sms('en'), sms('en', oneItem), sms('fr'), sms('fr', oneItem)];

    // Assess
    expect(counts.map((body) => /\((\d+ \w+)\)/.exec(body)?.[1])).toEqual([
      '2 items',
      '1 item',
      '2 articles',
      '1 article',
    ]);
  });
});

describe('renderMessage escaping', () => {
  it('escapes a <script> from a profile attribute in the HTML, not in the subject nor the SMS', async () => {
    // Prepare
    const bundle = await bundleOf({
      'email.html': '---\nsubject: "Hi {{ profile.firstName }}"\n---\n<p>Hi {{ profile.firstName }}</p>\n',
      'sms.txt': 'Hi {{ profile.firstName }}\n',
    });
    const scope = scopeOf({ attributes: { firstName: '<script>alert(1)</script>' } });

    // Act
    const mail = email(rendered(bundle, { template: 'greet', channel: 'email', locale: undefined, scope }));
    const sms = rendered(bundle, { template: 'greet', channel: 'sms', locale: undefined, scope });

    // Assess
    expect(mail.html).toBe('<p>Hi &lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
    expect(mail.subject).toBe('Hi <script>alert(1)</script>');
    expect(textOf(sms)).toBe('Hi <script>alert(1)</script>');
  });

  const escapedOnce = [
    { how: '| escape', html: '<p>{{ profile.firstName | escape }}</p>' },
    { how: '| escape_once', html: '<p>{{ profile.firstName | escape_once }}</p>' },
    { how: '| xml_escape', html: '<p>{{ profile.firstName | xml_escape }}</p>' },
    { how: 'echo with | escape', html: '<p>{% echo profile.firstName | escape %}</p>' },
  ];

  it.each(escapedOnce)('escapes a value written with $how once, not twice', async ({ html }) => {
    // Prepare
    const bundle = await bundleOf({ 'email.html': `---\nsubject: Hi\n---\n${html}` });
    const scope = scopeOf({ attributes: { firstName: 'Tom & <Jerry>' } });

    // Act
    const mail = email(rendered(bundle, { template: 'greet', channel: 'email', locale: undefined, scope }));

    // Assess
    expect(mail.html).toBe('<p>Tom &amp; &lt;Jerry&gt;</p>');
  });

  it("writes a capture's HTML as it is and escapes the values inside it once", async () => {
    // Prepare
    const bundle = await bundleOf({
      'email.html':
        '---\nsubject: Hi\n---\n{% capture greeting %}<b>Hi {{ profile.firstName }}</b>{% endcapture %}<p>{{ greeting }}</p>',
    });
    const scope = scopeOf({ attributes: { firstName: 'Tom & <Jerry>' } });

    // Act
    const mail = email(rendered(bundle, { template: 'greet', channel: 'email', locale: undefined, scope }));

    // Assess
    expect(mail.html).toBe('<p><b>Hi Tom &amp; &lt;Jerry&gt;</b></p>');
  });

  it("escapes a customer's value that is not a capture of this render, even beside one", async () => {
    // Prepare: a capture, then a value holding markup of its own.
    const bundle = await bundleOf({
      'email.html':
        '---\nsubject: Hi\n---\n{% capture badge %}<i>VIP</i>{% endcapture %}{{ badge }} {{ profile.firstName }}',
    });
    const scope = scopeOf({ attributes: { firstName: '<img src=x onerror=alert(1)>' } });

    // Act
    const mail = email(rendered(bundle, { template: 'greet', channel: 'email', locale: undefined, scope }));

    // Assess
    expect(mail.html).toBe('<i>VIP</i> &lt;img src=x onerror=alert(1)&gt;');
  });

  it('breaks lines with newline_to_br and escapes what is between them', async () => {
    // Prepare
    const bundle = await bundleOf({
      'email.html': '---\nsubject: Hi\n---\n<p>{{ profile.note | newline_to_br }}</p>',
    });
    const scope = scopeOf({ attributes: { note: 'a < b\nc & d' } });

    // Act
    const mail = email(rendered(bundle, { template: 'greet', channel: 'email', locale: undefined, scope }));

    // Assess
    expect(mail.html).toBe('<p>a &lt; b<br />\nc &amp; d</p>');
  });

  it.each([
    { how: 'newline_to_br after | escape', html: '<p>{{ profile.firstName | escape | newline_to_br }}</p>' },
    { how: 'an assign of | escape', html: '{% assign safe = profile.firstName | escape %}<p>{{ safe }}</p>' },
  ])('escapes a value once through $how', async ({ html }) => {
    // Prepare
    const bundle = await bundleOf({ 'email.html': `---\nsubject: Hi\n---\n${html}` });
    const scope = scopeOf({ attributes: { firstName: 'Tom & <Jerry>' } });

    // Act
    const mail = email(rendered(bundle, { template: 'greet', channel: 'email', locale: undefined, scope }));

    // Assess
    expect(mail.html).toBe('<p>Tom &amp; &lt;Jerry&gt;</p>');
  });

  it.each([
    { part: 'email.html', file: 'greet/email.html (html)' },
    { part: 'sms.txt', file: 'greet/sms.txt (body)' },
  ])(
    'stops a capture that doubles itself in a loop at the memory limit, in $part',
    async ({ part, file }) => {
      // Prepare: 2^28 characters from a template of one line
      const doubling =
        '{% capture c %}x{% endcapture %}{% for i in (1..28) %}{% capture c %}{{ c }}{{ c }}{% endcapture %}{% endfor %}{{ c }}';
      const bundle = await bundleOf({
        [part]: part === 'email.html' ? `---\nsubject: Hi\n---\n${doubling}` : doubling,
      });
      const channel = part === 'email.html' ? 'email' : 'sms';

      // Act
      const result = renderMessage(bundle, {
        template: 'greet',
        channel,
        locale: undefined,
        scope: scopeOf(),
      });

      // Assess
      expect(result).toEqual({ error: expect.stringContaining(`${file}: memory alloc limit exceeded`) });
    },
  );

  it('stops a capture that doubles itself with | raw at the memory limit', async () => {
    // Prepare: | raw skips the output escape, where values are counted
    const bundle = await bundleOf({
      'sms.txt':
        '{% for i in (1..24) %}{% capture c %}{{ c | raw }}{{ c | raw }}x{% endcapture %}{% endfor %}{{ c | raw }}',
    });

    // Act
    const result = renderMessage(bundle, {
      template: 'greet',
      channel: 'sms',
      locale: undefined,
      scope: scopeOf(),
    });

    // Assess
    expect(result).toEqual({ error: expect.stringContaining('memory alloc limit exceeded') });
  });

  it('hands the value itself on from | raw to the next filter', async () => {
    // Prepare
    const bundle = await bundleOf({ 'sms.txt': '{{ event.detail.items | raw | size }}' });

    // Act
    const message = rendered(bundle, { template: 'greet', channel: 'sms', locale: undefined });

    // Assess: the cart's two items, not the length of their text
    expect(textOf(message)).toBe('2');
  });

  it("keeps the entities a customer typed through newline_to_br, as a value's other writes do", async () => {
    // Prepare
    const bundle = await bundleOf({
      'email.html':
        '---\nsubject: Hi\n---\n<p>{{ profile.note | newline_to_br }}</p><p>{{ profile.note }}</p>',
    });
    const scope = scopeOf({ attributes: { note: '5 &lt; 6' } });

    // Act
    const mail = email(rendered(bundle, { template: 'greet', channel: 'email', locale: undefined, scope }));

    // Assess
    expect(mail.html).toBe('<p>5 &amp;lt; 6</p><p>5 &amp;lt; 6</p>');
  });

  it('escapes a value again when a filter after | escape changed it', async () => {
    // Prepare: upcase is the last filter, so its text is a value like any other.
    const bundle = await bundleOf({
      'email.html': '---\nsubject: Hi\n---\n{{ profile.firstName | upcase }}',
    });
    const scope = scopeOf({ attributes: { firstName: '<b>' } });

    // Act
    const mail = email(rendered(bundle, { template: 'greet', channel: 'email', locale: undefined, scope }));

    // Assess
    expect(mail.html).toBe('&lt;B&gt;');
  });
});

describe('renderMessage locale fallback', () => {
  const files = { 'sms.txt': 'Hello', 'sms.fr.txt': 'Bonjour', 'sms.fr-CA.txt': 'Allô' };

  it.each([
    { locale: 'fr-CA', body: 'Allô', picked: 'fr-CA' },
    { locale: 'fr_ca', body: 'Allô', picked: 'fr-CA' },
    { locale: 'fr-FR', body: 'Bonjour', picked: 'fr' },
    { locale: 'fr', body: 'Bonjour', picked: 'fr' },
    { locale: 'es-MX', body: 'Hello', picked: 'default' },
    { locale: undefined, body: 'Hello', picked: 'default' },
  ])('sends $picked to a profile in $locale', async ({ locale, body, picked }) => {
    // Prepare
    const bundle = await bundleOf(files);

    // Act
    const message = rendered(bundle, { template: 'greet', channel: 'sms', locale });

    // Assess
    expect(textOf(message)).toBe(body);
    expect(message.locale).toBe(picked);
  });

  it('falls back from fr-CA to the French example email, and from an unknown locale to the default one', async () => {
    // Prepare
    const bundle = await exampleBundle();

    // Act
    const canadian = email(
      rendered(bundle, { template: 'cart-reminder', channel: 'email', locale: 'fr-CA' }),
    );
    const german = email(rendered(bundle, { template: 'cart-reminder', channel: 'email', locale: 'de-DE' }));

    // Assess
    expect(canadian.locale).toBe('fr');
    expect(canadian.subject).toBe('Ana, votre panier vous attend');
    expect(german.locale).toBe('default');
    expect(german.subject).toBe('Ana, your cart is waiting');
  });
});

describe('renderMessage at send time', () => {
  it('renders a missing variable as empty text', async () => {
    // Prepare
    const bundle = await bundleOf({
      'sms.txt': 'Hi {{ profile.nickname }}! {{ event.detail.coupon.code }}.',
    });

    // Act
    const message = rendered(bundle, { template: 'greet', channel: 'sms', locale: undefined });

    // Assess
    expect(textOf(message)).toBe('Hi ! .');
  });

  it('returns an error naming the file and the part when rendering fails, instead of throwing', async () => {
    // Prepare: a currency code from the event that Intl refuses.
    const bundle = await bundleOf({
      'sms.txt': 'Total: {{ event.detail.total | money: event.detail.currency }}',
    });
    const scope = { ...scopeOf(), event: { detail: { total: 10, currency: 'euros' } } };

    // Act
    const result = renderMessage(bundle, { template: 'greet', channel: 'sms', locale: undefined, scope });

    // Assess
    expect(result).toEqual({ error: expect.stringMatching(/^greet\/sms\.txt \(body\): .*currency/i) });
  });

  it('stops a render whose loops the event sizes past the memory limit, naming the file and the limit', async () => {
    // Prepare: a template that validates, with loop bounds from the event (4 trillion writes). The
    // outer range alone is past the limit, so the render stops there: bounds of 100,000 stopped it
    // only at the eleventh range, after a million writes that took most of the time limit, and a
    // busy machine reached that limit first.
    const bundle = await bundleOf({
      'sms.txt':
        '{% for i in (1..event.detail.n) %}{% for j in (1..event.detail.n) %}x{% endfor %}{% endfor %}',
    });
    const scope = { ...scopeOf(), event: { detail: { n: 2_000_000 } } };

    // Act
    const result = renderMessage(bundle, { template: 'greet', channel: 'sms', locale: undefined, scope });

    // Assess
    expect(result).toEqual({
      error: expect.stringMatching(/^greet\/sms\.txt \(body\): memory alloc limit exceeded/),
    });
  });

  it("stops a render of nested loops over an event's lists at the time limit", async () => {
    // Prepare: no range, so nothing counts against the memory limit: 400 million iterations.
    const bundle = await bundleOf({
      'sms.txt':
        '{% for a in event.detail.items %}{% for b in event.detail.items %}x{% endfor %}{% endfor %}',
    });
    const items = Array.from({ length: 20_000 }, (_, index) => index);
    const scope = { ...scopeOf(), event: { detail: { items } } };

    // Act
    const result = renderMessage(bundle, { template: 'greet', channel: 'sms', locale: undefined, scope });

    // Assess
    expect(result).toEqual({
      error: expect.stringMatching(/^greet\/sms\.txt \(body\): template render limit exceeded/),
    });
  });

  it('returns an error naming the part when a bundle holds a source that does not parse', () => {
    // Prepare: a bundle written by something other than compileTemplates.
    const bundle: CompiledTemplates = {
      greet: { email: { default: { source: 'greet/email.html', subject: '{% if %}', html: '<p>Hi</p>' } } },
    };

    // Act
    const result = renderMessage(bundle, {
      template: 'greet',
      channel: 'email',
      locale: 'en',
      scope: scopeOf(),
    });

    // Assess
    expect(result).toEqual({ error: expect.stringContaining('greet/email.html (subject): ') });
  });

  it.each([
    { template: 'nope', channel: 'email', error: 'unknown template "nope"' },
    { template: 'cart-sms', channel: 'push', error: 'template "cart-sms" has no push version' },
  ] as const)('returns an error for $template by $channel', async ({ template, channel, error }) => {
    // Prepare
    const bundle = await exampleBundle();

    // Act
    const result = renderMessage(bundle, { template, channel, locale: 'en', scope: scopeOf() });

    // Assess
    expect(result).toEqual({ error });
  });

  it('renders a push title and body', async () => {
    // Prepare
    const bundle = await exampleBundle();

    // Act
    const message = rendered(bundle, { template: 'open-the-app', channel: 'push', locale: 'en' });

    // Assess
    expect(message).toMatchObject({
      channel: 'push',
      title: 'Your dashboard is ready',
      body: 'Ana, see how your first journeys perform.',
    });
  });
});

describe('the send-time modules', () => {
  it('do not load MJML, which stays at build time', () => {
    // Prepare
    const entry = fileURLToPath(new URL('../../../shared/templates/render.ts', import.meta.url));

    // Act
    const packages = importedPackages(entry);

    // Assess
    expect([...packages].filter((name) => name.startsWith('mjml'))).toEqual([]);
    expect(packages).toContain('liquidjs');
  });
});

/** The packages a module loads, following its relative imports (type-only imports included). */
function importedPackages(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)) {
    if (specifier === undefined) continue;
    if (!specifier.startsWith('.')) packages.add(specifier);
    else for (const name of importedPackages(resolve(dirname(file), specifier), seen)) packages.add(name);
  }
  return packages;
}
