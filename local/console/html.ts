import { escapeHtml } from '../../shared/unsubscribe/html.ts';

/**
 * HTML built from template literals with every interpolated value escaped, unless it is already
 * HTML made here. Hand-written because it is a dozen lines: a template engine would add a second
 * language to read for pages this plain, and React on the server a build step for the browser.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Html | string | number | boolean | undefined | null | readonly Part[];

function render(part: Part): string {
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  if (part === undefined || part === null || part === false) return '';
  return escapeHtml(String(part));
}

/** `html\`<p>${name}</p>\``: the values are escaped, nested `html` and arrays of it are kept. */
export function html(strings: TemplateStringsArray, ...values: readonly Part[]): Html {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(text);
}

/**
 * Data for the browser's script, in a `<script type="application/json">`: `<` is written as its
 * escape so no value can close the element early.
 */
export function jsonData(id: string, value: unknown, chart?: string): Html {
  const json = JSON.stringify(value).replace(/</g, '\\u003c');
  const drawn = chart === undefined ? '' : ` data-chart="${escapeHtml(chart)}"`;
  return new Html(`<script type="application/json" id="${escapeHtml(id)}"${drawn}>${json}</script>`);
}
