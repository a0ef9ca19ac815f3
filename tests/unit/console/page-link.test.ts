import { describe, expect, it } from 'vitest';
import { idLink, link, revealToggle } from '../../../local/console/pages/page.ts';

/** Where a browser goes when it follows `href` from a console page. */
const followed = (href: string) => new URL(href, 'http://127.0.0.1/console/rejected');

describe('links inside the console', () => {
  it('never throws on an id holding a lone surrogate, and shows that id as escaped text, not a link', () => {
    // Act
    const written = () => link('/console', 'customers', 'bob\uD800');
    const shown = idLink('/console', 'customers', 'bob\uD800').text;

    // Assess
    expect(written).not.toThrow();
    expect(shown).toBe('bob\\uD800');
    expect(idLink('/console', 'customers', 'ana').text).toBe('<a href="/console/customers/ana">ana</a>');
  });

  it('writes an id of dots only in the query, where a URL parser keeps it', () => {
    for (const id of ['.', '..', '...']) {
      // Act
      const url = followed(link('/console', 'customers', id));

      // Assess
      expect(url.pathname).toBe('/console/customers');
      expect(url.searchParams.get('id')).toBe(id);
    }
    expect(link('/console', 'customers', 'a.b')).toBe('/console/customers/a.b');
  });

  it('adds reveal=true to a link that has a query already', () => {
    // Act
    const toggle = revealToggle(link('/console', 'customers', '..'), false, 'Contact data').text;

    // Assess
    const href = /href="([^"]+)"/.exec(toggle)?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(Object.fromEntries(followed(href).searchParams)).toEqual({ id: '..', reveal: 'true' });
  });
});
