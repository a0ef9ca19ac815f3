import * as z from 'zod';
import { maskPersonalData } from '../../../shared/observability/logger.ts';
import { firstLine } from '../../dev/log-format.ts';
import { maskRecipient } from '../../dev/trace-mask.ts';
import { OutboxEntry } from '../../outbox/outbox.ts';
import type { MessageFilter } from '../console-source.ts';
import { type Html, html } from '../html.ts';
import { minute } from './format.ts';
import { link, notFound, type Page, type PageContext, page, revealToggle } from './page.ts';

/** How many messages the list shows: the latest, which is what is checked before going live. */
const SHOWN = 200;
const Channel = OutboxEntry.shape.channel;

const Filter = z.object({
  channel: Channel.optional().catch(undefined),
  scenario: z.string().min(1).max(200).optional().catch(undefined),
  profile: z.string().min(1).max(200).optional().catch(undefined),
});

/** The outbox: the latest messages, by channel, scenario or customer, each opening its preview. */
export async function messagesPage(context: PageContext): Promise<Page> {
  const { outbox } = context.source;
  if (outbox === undefined) return notKept('Messages');
  const { channel, scenario, profile } = Filter.parse(Object.fromEntries(context.query));
  const filter: MessageFilter = {
    limit: SHOWN,
    ...(channel === undefined ? {} : { channel }),
    ...(scenario === undefined ? {} : { scenario }),
    ...(profile === undefined ? {} : { profileId: profile }),
  };
  const messages = await outbox.list(filter);
  const rows = messages.map(
    (entry) => html`<tr>
<td><a href="${link(context.base, 'messages', entry.messageId)}">${minute(entry.at)}</a></td>
<td>${entry.channel}</td>
<td>${maskRecipient(entry)}</td>
<td>${entry.profileId === undefined ? '' : html`<a href="${link(context.base, 'customers', entry.profileId)}">${entry.profileId}</a>`}</td>
<td>${entry.scenario ?? ''}</td><td>${entry.step ?? ''}${entry.variant === undefined ? '' : ` (${entry.variant})`}</td>
<td>${maskPersonalData(entry.subject ?? firstLine(entry.body, 80))}</td>
</tr>`,
  );
  return page(
    'Messages',
    html`<h1>Messages</h1>
<form method="get" class="filters">
<label>Channel <select name="channel"><option value="">all</option>${Channel.options.map(
      (option) => html`<option${option === channel ? html` selected` : ''}>${option}</option>`,
    )}</select></label>
<label>Scenario <input name="scenario" value="${scenario ?? ''}"></label>
<label>Customer <input name="profile" value="${profile ?? ''}"></label>
<button type="submit">Filter</button>
</form>
<p class="muted">The latest ${SHOWN} at most, newest first.</p>
${messages.length === 0 ? html`<p class="empty">No messages.</p>` : html`<table class="messages"><tr><th>Sent</th><th>Channel</th><th>To</th><th>Customer</th><th>Scenario</th><th>Step</th><th>Subject or first line</th></tr>${rows}</table>`}`,
  );
}

/** One message as the customer got it: an email's HTML in a sandbox that runs nothing. */
export async function messagePage(context: PageContext, messageId: string): Promise<Page> {
  const { outbox } = context.source;
  if (outbox === undefined) return notKept('Message');
  const found = await outbox.message(messageId);
  if (found === undefined) return notFound('No such message', `No message has the id "${messageId}".`);
  const { entry } = found;
  const reveal = context.query.get('reveal') === 'true';
  // Emails carry the customer's address and name in their text (greeting, footer, links).
  const shown = (text: string): string => (reveal ? text : maskPersonalData(text));
  const self = link(context.base, 'messages', messageId);
  return page(
    shown(entry.subject ?? `${entry.channel} message`),
    html`<h1>${entry.channel === 'email' ? shown(entry.subject ?? 'Email') : `${entry.channel.toUpperCase()} message`}</h1>
${revealToggle(self, reveal, 'Addresses')}
<table class="message-head">
<tr><th>Sent</th><td>${minute(entry.at)}</td></tr>
<tr><th>To</th><td>${reveal ? entry.to : maskRecipient(entry)}</td></tr>
<tr><th>Customer</th><td>${entry.profileId === undefined ? '' : html`<a href="${link(context.base, 'customers', entry.profileId)}">${entry.profileId}</a>`}</td></tr>
<tr><th>Scenario</th><td>${entry.scenario === undefined ? '' : html`<a href="${link(context.base, 'scenarios', entry.scenario)}">${entry.scenario}</a>`}</td></tr>
<tr><th>Step</th><td>${entry.step ?? ''}${entry.variant === undefined ? '' : ` · variant ${entry.variant}`}</td></tr>
</table>
${preview(found.html === undefined ? undefined : shown(found.html), shown(entry.body))}`,
  );
}

function preview(emailHtml: string | undefined, text: string): Html {
  const textBody = html`<pre class="body">${text}</pre>`;
  if (emailHtml === undefined) return html`<h2>Text</h2>${textBody}`;
  // An empty sandbox: the email's HTML may not run scripts, submit forms or reach this page.
  return html`<h2>As the customer sees it</h2>
<iframe class="email" sandbox="" title="email preview" srcdoc="${emailHtml}"></iframe>
<h2>Text version</h2>${textBody}`;
}

/**
 * A deployment keeps no copy of what it sent (SES, SMS and push hold it, not the stack): each send
 * is on its customer's page, with its step, outcome and reason, and the rendered message is what
 * `npm start` and `parcours simulate` show.
 */
function notKept(title: string): Page {
  return page(
    title,
    html`<h1>${title}</h1><p class="empty">A deployment keeps no copy of a message it sent: each send, with its step, outcome and reason, is on its customer's page. To see a message as the customer gets it, open the same scenario on the local platform (npm start) or in a backtest.</p>`,
  );
}
