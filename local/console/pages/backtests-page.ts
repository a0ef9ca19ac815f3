import { relative } from 'node:path';
import type { BacktestShelf } from '../backtest-shelf.ts';
import { html } from '../html.ts';
import { count, minute } from './format.ts';
import { link, type Page, page } from './page.ts';

/** The saved backtests, each opening in the same pages as the live platform. */
export async function backtestsPage(shelf: BacktestShelf, home: string): Promise<Page> {
  const backtests = await shelf.list();
  const shown = relative(process.cwd(), shelf.folder) || '.';
  const rows = backtests.map(
    (backtest) => html`<tr>
<td><a href="${link(home, 'backtests', backtest.name)}/">${backtest.name}</a></td>
<td>${minute(backtest.modified)}</td>
<td class="number">${count(Math.ceil(backtest.bytes / 1024))} KB</td>
</tr>`,
  );
  return page(
    'Backtests',
    html`<h1>Backtests</h1>
<p>Save a backtest's report in <code>${shelf.folder}</code> and open it here:</p>
<pre>mkdir -p ${shown} &amp;&amp; npx parcours simulate --events … --json &gt; ${shown}/week.json</pre>
${backtests.length === 0 ? html`<p class="empty">No backtest saved yet.</p>` : html`<table class="backtests"><tr><th>Backtest</th><th>Saved</th><th class="number">Size</th></tr>${rows}</table>`}`,
  );
}
