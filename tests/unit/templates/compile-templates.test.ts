import { describe, expect, it } from 'vitest';
import { CompiledTemplates } from '../../../language/templates/compiled-templates.ts';
import { renderMessage } from '../../../shared/templates/render.ts';
import { compileTemplates } from '../../../state-machines/templates/compile-templates.ts';
import { compiledExamples, exampleBundle, scopeOf, templateOf } from './fixtures.ts';

const FRONT_MATTER = '---\nsubject: Your cart\n---\n';

/** One column of MJML around `content`, after a 3-line front matter: line 5 of the file is <mj-column>. */
function mjml(content: string): string {
  return `${FRONT_MATTER}<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n${content}\n</mj-column>\n</mj-section>\n</mj-body>\n</mjml>\n`;
}

describe('compileTemplates on the examples', () => {
  it('compiles every template folder, channel and locale without errors', async () => {
    // Act
    const { bundle, errors } = await compiledExamples();

    // Assess
    expect(errors).toEqual([]);
    expect(Object.keys(bundle)).toHaveLength(17);
    expect(Object.keys(bundle['cart-reminder']?.email ?? {})).toEqual(['default', 'fr']);
    expect(Object.keys(bundle['cart-sms']?.sms ?? {})).toEqual(['default', 'fr']);
    expect(Object.keys(bundle['discover-b'] ?? {})).toEqual(['email', 'push']);
  });

  it('is plain JSON that the bundle schema reads back unchanged', async () => {
    // Prepare
    const bundle = await exampleBundle();

    // Act
    const loaded = CompiledTemplates.parse(JSON.parse(JSON.stringify(bundle)));

    // Assess
    expect(loaded).toEqual(bundle);
  });

  it('compiles MJML to responsive HTML that keeps the Liquid loop, condition and link intact', async () => {
    // Prepare
    const bundle = await exampleBundle();

    // Act
    const html = bundle['cart-reminder']?.email?.default?.html ?? '';

    // Assess: MJML's responsive column, then the Liquid exactly as written.
    expect(html).toContain('@media only screen and (min-width:480px)');
    expect(html).toContain('class="mj-column-per-100 mj-outlook-group-fix"');
    expect(html).toContain(
      '{% for item in event.detail.items %}\n          <tr><td>{{ item.quantity }} × {{ item.name }}</td><td align="right">{{ item.price | money }}</td></tr>\n          {% endfor %}',
    );
    expect(html).toContain('{% if segments.vip %}');
    expect(html).toContain('href="https://shop.example/cart/{{ event.detail.cartId | url_encode }}"');
    expect(html).not.toMatch(/<mj-|PARCOURSLIQUID/);
  });

  it('renders the compiled MJML with the loop output inside the responsive layout', async () => {
    // Prepare
    const bundle = await exampleBundle();

    // Act
    const message = renderMessage(bundle, {
      template: 'cart-reminder',
      channel: 'email',
      locale: 'fr',
      scope: scopeOf(),
    });

    // Assess
    const html = 'html' in message ? message.html : '';
    expect(html).toContain('@media only screen and (min-width:480px)');
    expect(html).toMatch(
      /<tr><td>2 × Ceramic mug<\/td><td align="right">\$12\.00<\/td><\/tr>\s*<tr><td>1 × Linen apron/,
    );
    expect(html).not.toContain('{%');
  });

  it('derives the text part of a locale without one from its own HTML, links kept with their URL', async () => {
    // Prepare
    const bundle = await exampleBundle();

    // Act
    const french = bundle['cart-reminder']?.email?.fr;
    const english = bundle['cart-reminder']?.email?.default;

    // Assess: the French email gets French text, not the English email.txt.
    expect(french?.textSource).toBeUndefined();
    expect(french?.text).toContain(
      'Retrouver mon panier (https://shop.example/cart/{{ event.detail.cartId | url_encode }})',
    );
    expect(french?.text).toContain('Se désabonner ({{ unsubscribe_url }})');
    expect(english?.textSource).toBe('cart-reminder/email.txt');
  });

  it('renders a derived text part as a list of the cart items, with the link', async () => {
    // Prepare
    const bundle = await exampleBundle();

    // Act
    const message = renderMessage(bundle, {
      template: 'cart-reminder',
      channel: 'email',
      locale: 'fr',
      scope: scopeOf(),
    });

    // Assess
    expect('text' in message ? message.text : '').toBe(
      [
        'Vous hésitez encore, Ana ?',
        '',
        'Votre panier contient :',
        '2 × Ceramic mug $12.00',
        '1 × Linen apron $34.50',
        '',
        'Retrouver mon panier (https://shop.example/cart/c-42)',
        '',
        'Se désabonner (https://parcours.example/u/abc)',
      ].join('\n'),
    );
  });
});

describe('compileTemplates errors', () => {
  it('reports a broken MJML file with its path and line, and leaves it out of the bundle', async () => {
    // Prepare
    const template = templateOf('broken', {
      'email.mjml': mjml('<mj-colum><mj-text>Hi</mj-text></mj-colum>'),
    });

    // Act
    const { bundle, errors } = await compileTemplates([template]);

    // Assess
    expect(errors).toEqual([
      {
        file: '/project/templates/broken/email.mjml',
        line: 8,
        message: expect.stringContaining("Element mj-colum doesn't exist"),
      },
    ]);
    expect(bundle.broken).toEqual({});
  });

  it('reports a file that is not MJML at all', async () => {
    // Prepare
    const template = templateOf('broken', { 'email.mjml': `${FRONT_MATTER}<p>Hello</p>\n` });

    // Act
    const { errors } = await compileTemplates([template]);

    // Assess
    expect(errors).toEqual([
      {
        file: '/project/templates/broken/email.mjml',
        line: 4,
        message: expect.stringContaining('Malformed MJML'),
      },
    ]);
  });

  it('reports Liquid that MJML would drop, with its line', async () => {
    // Prepare: mj-attributes keeps nothing but its own elements.
    const source = `${FRONT_MATTER}<mjml>\n<mj-head>\n<mj-attributes>{% if segments.vip %}<mj-text color="gold" />{% endif %}</mj-attributes>\n</mj-head>\n<mj-body></mj-body>\n</mjml>\n`;

    // Act
    const { errors } = await compileTemplates([templateOf('dropped', { 'email.mjml': source })]);

    // Assess
    expect(errors.map(({ line, message }) => `${line}: ${message}`)).toEqual([
      '6: MJML dropped the Liquid "{% if segments.vip %}": put it inside <mj-body>, in a component\'s content or attribute',
      '6: MJML dropped the Liquid "{% endif %}": put it inside <mj-body>, in a component\'s content or attribute',
    ]);
  });

  it('reports a Liquid syntax error with the file and the part', async () => {
    // Prepare
    const template = templateOf('typo', {
      'email.html': '---\nsubject: "{% if profile.vip %}Hi"\n---\n<p>Hi</p>\n',
    });

    // Act
    const { bundle, errors } = await compileTemplates([template]);

    // Assess
    expect(errors).toEqual([
      {
        file: '/project/templates/typo/email.html',
        message: expect.stringMatching(/^subject: Liquid syntax: /),
      },
    ]);
    expect(bundle.typo).toEqual({});
  });

  it('reports an email written both as MJML and as HTML', async () => {
    // Prepare
    const template = templateOf('twice', {
      'email.html': `${FRONT_MATTER}<p>Hi</p>`,
      'email.mjml': mjml(''),
    });

    // Act
    const { errors } = await compileTemplates([template]);

    // Assess
    expect(errors).toEqual([
      {
        file: '/project/templates/twice/email.mjml',
        message: 'email.html is the same email: keep one of them',
      },
    ]);
  });
});

describe('compileTemplates keeps Liquid where MJML would not', () => {
  it('keeps Liquid in typed attributes and before the <mjml> root, and renders it', async () => {
    // Prepare
    const source = `${FRONT_MATTER}{% assign greeting = "Welcome back" %}\n<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n<mj-text color="{{ profile.brandColor }}">{{ greeting }}</mj-text>\n</mj-column>\n</mj-section>\n</mj-body>\n</mjml>\n`;
    const { bundle, errors } = await compileTemplates([templateOf('assigned', { 'email.mjml': source })]);

    // Act
    const scope = scopeOf({ attributes: { brandColor: '#ff6600' } });
    const message = renderMessage(bundle, {
      template: 'assigned',
      channel: 'email',
      locale: undefined,
      scope,
    });

    // Assess
    expect(errors).toEqual([]);
    const html = 'html' in message ? message.html : '';
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toMatch(/color:#ff6600;[^>]*>Welcome back<\/div>/);
  });

  it('repeats whole MJML sections in a loop', async () => {
    // Prepare
    const source = `${FRONT_MATTER}<mjml><mj-body>{% for item in event.detail.items %}<mj-section><mj-column><mj-text>{{ item.name }}</mj-text></mj-column></mj-section>{% endfor %}</mj-body></mjml>`;
    const { bundle } = await compileTemplates([templateOf('sections', { 'email.mjml': source })]);

    // Act
    const message = renderMessage(bundle, {
      template: 'sections',
      channel: 'email',
      locale: undefined,
      scope: scopeOf(),
    });

    // Assess
    const html = 'html' in message ? message.html : '';
    expect(html.match(/class="mj-column-per-100/g)).toHaveLength(2);
    expect(html).toMatch(/>Ceramic mug<\/div>[\s\S]*>Linen apron<\/div>/);
  });
});
