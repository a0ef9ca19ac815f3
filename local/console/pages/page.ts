import type { ConsoleSource } from '../console-source.ts';
import { type Html, html } from '../html.ts';

/** What a page needs: where its data comes from and where its links lead. */
export type PageContext = {
  readonly source: ConsoleSource;
  /** The path every link of these pages starts with: `/console` or `/console/backtests/<name>`. */
  readonly base: string;
  readonly query: URLSearchParams;
};

export type Page = {
  readonly status: number;
  readonly title: string;
  readonly body: Html;
  /** Scripts this page needs beyond the console's own (Mermaid, uPlot). */
  readonly scripts?: readonly ('mermaid' | 'uplot')[];
};

export const page = (title: string, body: Html, scripts?: Page['scripts']): Page => ({
  status: 200,
  title,
  body,
  ...(scripts === undefined ? {} : { scripts }),
});

export const notFound = (title: string, why: string): Page => ({
  status: 404,
  title,
  body: html`<h1>${title}</h1><p class="empty">${why}</p>`,
});

/**
 * Says whether personal data on the page is masked, with the link that toggles it (`?reveal=true`):
 * masked is every page's default.
 */
export function revealToggle(self: string, reveal: boolean, what: string): Html {
  // `self` has a query already when it names its id as `?id=` (see link()).
  const revealed = `${self}${self.includes('?') ? '&' : '?'}reveal=true`;
  return reveal
    ? html`<p class="muted">${what} shown in clear. <a href="${self}">Mask them</a>.</p>`
    : html`<p class="muted">${what} masked. <a href="${revealed}">Show them</a>.</p>`;
}

/**
 * Whether an id is made of dots only. As a path segment `.` and `..` are resolved by every URL
 * parser (`%2E%2E` too), so `/customers/..` would open `/`: such an id goes in the query instead.
 */
export function isDotOnly(id: string): boolean {
  return /^\.+$/.test(id);
}

/**
 * A link inside the console, each path segment escaped for the URL; a last segment of dots only
 * is written `?id=<id>`, which the router serves as the same page. It never throws, even though
 * encodeURIComponent does on a lone surrogate: one id that ingest refused for that reason must not
 * take down the page that lists it. Such an id has no true link (see idLink()).
 */
export function link(base: string, ...segments: readonly string[]): string {
  const escaped = segments.map((segment) => encodeURIComponent(segment.toWellFormed()));
  const last = segments.at(-1);
  if (last === undefined || !isDotOnly(last)) return [base, ...escaped].join('/');
  return `${[base, ...escaped.slice(0, -1)].join('/')}?id=${encodeURIComponent(last)}`;
}

/**
 * A link to the page of an id, or the id as text when it is not well-formed UTF-16 (a lone
 * surrogate, which ingest refuses but keeps among the rejected events): no URL leads back to it,
 * and its surrogate is shown escaped, which the UTF-8 page would otherwise print as �.
 */
export function idLink(base: string, page: string, id: string): Html {
  if (id.isWellFormed()) return html`<a href="${link(base, page, id)}">${id}</a>`;
  // The string iterator pairs surrogates as the platform does, and gives a lone one alone.
  const shown = [...id].map((character) =>
    character.isWellFormed() ? character : `\\u${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return html`${shown.join('')}`;
}
