import { ASSET_PATHS } from '../assets.ts';
import { type Html, html } from '../html.ts';
import { minute } from './format.ts';
import type { Page } from './page.ts';

export type LayoutContext = {
  /** Where the live console is, for the backtests link and the home link. */
  readonly home: string;
  /** Where this source's pages are. */
  readonly base: string;
  readonly sourceTitle: string;
  /** Journey time of the source. */
  readonly now: Date;
  readonly hasBacktests: boolean;
};

/** Every page: the navigation, the customer search, what the data is, then the page itself. */
export function layout(page: Page, context: LayoutContext): Html {
  const { base } = context;
  const scripts = page.scripts ?? [];
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · Parcours</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSET_PATHS.css}">
${scripts.includes('uplot') ? html`<link rel="stylesheet" href="${ASSET_PATHS.uplotCss}">` : ''}
</head>
<body>
<header>
  <a class="brand" href="${base}/">Parcours</a>
  <nav>
    <a href="${base}/">Programs</a>
    <a href="${base}/scenarios">Scenarios</a>
    <a href="${base}/messages">Messages</a>
    <a href="${base}/rejected">Rejected events</a>
    <a href="${base}/audience">Audiences</a>
    ${context.hasBacktests ? html`<a href="${context.home}/backtests">Backtests</a>` : ''}
  </nav>
  <form class="search" method="get" action="${base}/customers" role="search">
    <label>Customer <input name="id" placeholder="customer id" required></label>
    <button type="submit">Find</button>
  </form>
</header>
<p class="source">${context.sourceTitle} · journey time ${minute(context.now.toISOString())} UTC${
    base === context.home ? '' : html` · <a href="${context.home}/">back to the live console</a>`
  }</p>
<main>
${page.body}
</main>
${scripts.includes('mermaid') ? html`<script src="${ASSET_PATHS.mermaid}"></script>` : ''}
${scripts.includes('uplot') ? html`<script src="${ASSET_PATHS.uplot}"></script>` : ''}
${scripts.length > 0 ? html`<script type="module" src="${ASSET_PATHS.client}"></script>` : ''}
</body>
</html>
`;
}
