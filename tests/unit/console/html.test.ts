import { describe, expect, it } from 'vitest';
import { html, jsonData } from '../../../local/console/html.ts';

describe('html', () => {
  it('escapes every value, keeps nested html, and joins lists', () => {
    // Act
    const text = html`<p title="${'"quoted" & <b>'}">${[html`<i>${'<script>'}</i>`, 'x']}</p>`.text;

    // Assess
    expect(text).toBe('<p title="&quot;quoted&quot; &amp; &lt;b&gt;"><i>&lt;script&gt;</i>x</p>');
  });

  it('leaves out undefined, null and false', () => {
    expect(html`[${undefined}${null}${false}${0}]`.text).toBe('[0]');
  });

  it('keeps data for the browser from closing its script element', () => {
    // Act
    const text = jsonData('d', { name: '</script><script>alert(1)</script>' }, 'c"x').text;

    // Assess
    expect(text).not.toContain('</script><script>');
    expect(text).toContain('data-chart="c&quot;x"');
    const json = /<script[^>]*>(.*)<\/script>$/.exec(text)?.[1] ?? '';
    expect(JSON.parse(json)).toEqual({ name: '</script><script>alert(1)</script>' });
  });
});
