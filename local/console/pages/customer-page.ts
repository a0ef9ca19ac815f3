import { topicConsents, topicConsentText } from '../../../shared/consent/consent.ts';
import type { Profile } from '../../../shared/profiles/profile.ts';
import type { JourneyRow, JourneyView } from '../../dev/trace-rows.ts';
import type { CustomerView } from '../console-source.ts';
import { type Html, html } from '../html.ts';
import { minute } from './format.ts';
import { link, type Page, type PageContext, page, revealToggle } from './page.ts';

/**
 * One customer: their profile (contact data masked unless asked), every journey with each state
 * it entered and each message sent or not sent with its reason, what each trigger event did, and
 * the events received, segment changes among them. Each sent message links to its preview.
 */
export async function customerPage(context: PageContext, profileId: string): Promise<Page> {
  const reveal = context.query.get('reveal') === 'true';
  const customer = await context.source.customer(profileId, { reveal });
  const self = link(context.base, 'customers', profileId);
  return page(
    profileId,
    html`<h1>Customer ${profileId}</h1>
${revealToggle(self, reveal, 'Contact data')}
${customer.notKept === undefined ? '' : html`<p class="card muted">${customer.notKept}</p>`}
${customer.profile === null && customer.notKept !== undefined ? '' : profileCard(customer.profile)}
<h2>Journeys</h2>
${customer.journeys.length === 0 ? html`<p class="empty">No journeys.</p>` : customer.journeys.map((journey) => journeyCard(journey, context.base))}
<h2>Entries, by trigger event</h2>
${entriesList(customer)}
<h2>Events received</h2>
${customer.events.length === 0 && customer.notKept !== undefined ? '' : eventsList(customer)}`,
  );
}

function profileCard(profile: Profile | null): Html {
  if (profile === null)
    return html`<p class="card empty">No profile: no profile.updated was received for this id.</p>`;
  const consent = (channel: 'email' | 'sms' | 'push'): string =>
    profile.consents[channel] ?? (channel === 'sms' ? 'no opt-in (SMS needs one)' : 'not opted out');
  const topics = topicConsents(profile);
  const attributes = Object.entries(profile.attributes);
  return html`<section class="card profile">
<table>
<tr><th>Email</th><td>${profile.email ?? 'none'}</td><td>consent: ${consent('email')}</td></tr>
<tr><th>Phone</th><td>${profile.phone ?? 'none'}</td><td>consent: ${consent('sms')}</td></tr>
<tr><th>Push</th><td>${profile.pushTokens.length} device${profile.pushTokens.length === 1 ? '' : 's'}</td><td>consent: ${consent('push')}</td></tr>
${topics.map((consent) => html`<tr><th>Topic</th><td colspan="2">${topicConsentText(consent)}</td></tr>`)}
<tr><th>Time zone</th><td colspan="2">${profile.timeZone ?? 'the project default'}</td></tr>
<tr><th>Locale</th><td colspan="2">${profile.locale ?? 'the project default'}</td></tr>
${attributes.map(([name, value]) => html`<tr><th>${name}</th><td colspan="2">${typeof value === 'string' ? value : JSON.stringify(value)}</td></tr>`)}
</table>
</section>`;
}

function journeyCard(journey: JourneyView, base: string): Html {
  return html`<section class="card journey" data-scenario="${journey.scenario}">
<h3><a href="${link(base, 'scenarios', journey.scenario)}">${journey.scenario}</a>${journey.key === undefined ? '' : ` (key ${journey.key})`}
<span class="muted"> · entered ${minute(journey.startedAt)} · ${journey.status}${journey.convertedAt === undefined ? '' : ` · converted ${minute(journey.convertedAt)}`}</span></h3>
<ol class="timeline">
${journey.rows.map((row) => journeyRow(row, base))}
</ol>
</section>`;
}

function journeyRow(row: JourneyRow, base: string): Html {
  const indent = row.kind === 'state' || row.kind === 'end' ? '' : ' indent';
  const text =
    row.messageId === undefined
      ? html`${row.text}`
      : html`<a href="${link(base, 'messages', row.messageId)}">${row.text}</a>`;
  return html`<li class="row-${row.kind}${indent}"><time>${minute(row.at)}</time>${text}</li>`;
}

function entriesList(customer: CustomerView): Html {
  if (customer.entries.length === 0) return html`<p class="empty">No trigger event.</p>`;
  return html`<ol class="timeline entries">${customer.entries.map(
    (entry) =>
      html`<li class="${entry.started ? 'row-sent' : 'row-skipped'}"><time>${minute(entry.at)}</time>${entry.scenario}: ${entry.text}</li>`,
  )}</ol>`;
}

function eventsList(customer: CustomerView): Html {
  if (customer.events.length === 0) return html`<p class="empty">No events received.</p>`;
  return html`<ol class="timeline events">${customer.events.map(
    (event) =>
      html`<li><time>${minute(event.at)}</time><strong>${event.type}</strong> <span class="muted">from ${event.source}</span> ${event.summary}</li>`,
  )}</ol>`;
}
