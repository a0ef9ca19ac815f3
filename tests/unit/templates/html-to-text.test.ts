import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../state-machines/templates/html-to-text.ts';

describe('htmlToText', () => {
  it('keeps each link URL after its text, and a bare URL once', () => {
    // Prepare
    const html =
      '<p>Read <a href="https://app.example/guide">the guide</a>.</p><p><a href="https://app.example">https://app.example</a></p>';

    // Act
    const text = htmlToText(html);

    // Assess
    expect(text).toBe('Read the guide (https://app.example/guide).\n\nhttps://app.example');
  });

  it('drops the head, styles, comments and hidden preview text, and decodes entities', () => {
    // Prepare
    const html = `<html><head><title>T</title><style>p { color: red }</style></head><body>
      <div style="display:none;font-size:1px">preview</div><!--[if mso]><table><tr><td><![endif]-->
      <p>Fish &amp; chips&nbsp;&#8212; &lt;fresh&gt;</p></body></html>`;

    // Act
    const text = htmlToText(html);

    // Assess
    expect(text).toBe('Fish & chips — <fresh>');
  });

  it('keeps Liquid intact, even a ">" inside a tag attribute', () => {
    // Prepare
    const html =
      '<p>Hi {{ profile.firstName | default: "there" }}</p><a href="{% if event.detail.total > 100 %}https://vip.example{% else %}https://shop.example{% endif %}">Shop</a>';

    // Act
    const text = htmlToText(html);

    // Assess
    expect(text).toBe(
      'Hi {{ profile.firstName | default: "there" }}\n\nShop ({% if event.detail.total > 100 %}https://vip.example{% else %}https://shop.example{% endif %})',
    );
  });

  it('writes list items as dashes and collapses source whitespace', () => {
    // Prepare
    const html = '<ol>\n  <li>Create   a project</li>\n  <li>Invite a\n teammate</li>\n</ol>';

    // Act
    const text = htmlToText(html);

    // Assess
    expect(text).toBe('- Create a project\n- Invite a teammate');
  });
});
