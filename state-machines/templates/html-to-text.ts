import {
  type LiquidMarkup,
  protectLiquid,
  restoreLiquid,
} from '../../language/templates/liquid-placeholders.ts';

/**
 * The plain-text part of an email without one: mail clients that block HTML, and spam filters,
 * read it. Works on the Liquid source (the HTML before rendering), so the Liquid is protected and
 * the result is itself a Liquid template. Links keep their URL, as "text (url)", since a text part
 * without its links is useless.
 */
export function htmlToText(html: string): string {
  const { text: source, markups } = protectLiquid(html);
  const text = source
    .replace(/<head\b[\s\S]*?<\/head>/gi, '')
    .replace(/<(style|script|title)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    // Preview text (MJML's mj-preview) is meant for the inbox list, not the body.
    .replace(/<div\b[^>]*display:\s*none[^>]*>[\s\S]*?<\/div>/gi, '')
    // As in a browser, line breaks in the source are spaces; only the tags below break lines.
    .replace(/\s+/g, ' ')
    .replace(
      /<a\b[^>]*?\bhref\s*=\s*(["'])(.*?)\1[^>]*>([\s\S]*?)<\/a>/gi,
      (_, _quote, url: string, inner: string) => linkText(stripTags(inner), url),
    )
    .replace(/<br\b[^>]*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/?(p|h[1-6]|table|ul|ol|blockquote|pre)\b[^>]*>/gi, '\n\n')
    .replace(/<\/?(div|tr|section|header|footer)\b[^>]*>/gi, '\n')
    .replace(/<\/t[dh]>/gi, ' ');
  const plain = collapseWhitespace(decodeEntities(stripTags(text)));
  return restoreLiquid(plain, trimBeforeBlockTags(plain, markups)).text;
}

/**
 * A `{% for %}` or `{% if %}` alone on its line would leave an empty line per loop turn in the
 * rendered text; `{%-` makes Liquid trim the line break before it, so a cart reads as a list.
 */
function trimBeforeBlockTags(plain: string, markups: readonly LiquidMarkup[]): LiquidMarkup[] {
  const lines = new Set(plain.split('\n'));
  return markups.map((markup) =>
    lines.has(markup.token) && /^\{%(?!-)/.test(markup.markup)
      ? { ...markup, markup: `{%-${markup.markup.slice(2)}` }
      : markup,
  );
}

function linkText(label: string, url: string): string {
  const text = collapseWhitespace(label);
  if (text === '' || text === url) return url;
  if (url.startsWith('#') || /^javascript:/i.test(url)) return text;
  return `${text} (${url})`;
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}

/** Spaces collapse within a line; blank lines collapse to one, so paragraphs stay apart. */
function collapseWhitespace(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });
}
