import { type Html, html } from '../html.ts';
import { minute } from './format.ts';
import { idLink, type Page, type PageContext, page } from './page.ts';

/** Events ingest refused in the last seven days, each with the field at fault. */
export async function rejectedPage(context: PageContext): Promise<Page> {
  const { rejected } = context.source;
  if (rejected === undefined)
    return page(
      'Rejected events',
      html`<h1>Rejected events</h1><p class="empty">A backtest reads only the events it can replay: none are kept as rejected.</p>`,
    );
  const listing = await rejected();
  const rows = listing.events.map(
    (event) => html`<tr>
<td>${minute(event.receivedAt)}</td>
<td><code>${event.eventId}</code></td>
<td>${event.profileId === undefined ? '' : idLink(context.base, 'customers', event.profileId)}</td>
<td>${event.source ?? ''} ${event.detailType ?? ''}</td>
<td class="reason">${event.reason}</td>
</tr>`,
  );
  const table: Html =
    listing.events.length === 0
      ? html`<p class="empty">No event was rejected.</p>`
      : html`<table class="rejected"><tr><th>Received</th><th>Event id</th><th>Customer</th><th>Source and type</th><th>Why</th></tr>${rows}</table>`;
  return page(
    'Rejected events',
    html`<h1>Rejected events</h1><p class="muted">Received from ${minute(listing.from)} to ${minute(listing.to)}.</p>${table}`,
  );
}
