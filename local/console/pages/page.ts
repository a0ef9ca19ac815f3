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
  return reveal
    ? html`<p class="muted">${what} shown in clear. <a href="${self}">Mask them</a>.</p>`
    : html`<p class="muted">${what} masked. <a href="${self}?reveal=true">Show them</a>.</p>`;
}

/** A link inside the console, each path segment escaped for the URL. */
export function link(base: string, ...segments: readonly string[]): string {
  return [base, ...segments.map(encodeURIComponent)].join('/');
}
