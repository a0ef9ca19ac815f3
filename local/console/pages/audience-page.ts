import { isClockTrigger } from '../../../language/trigger-kind.ts';
import { CHANNEL_STANDING_TEXT, ChannelStanding } from '../../../shared/broadcasts/audience-preview.ts';
import { html } from '../html.ts';
import { count } from './format.ts';
import { link, notFound, type Page, type PageContext, page } from './page.ts';

/** What can be previewed: every segment, and every scenario a schedule or an anniversary starts. */
export function audiencesPage({ source, base }: PageContext): Page {
  if (source.audience === undefined)
    return page(
      'Audiences',
      html`<h1>Audiences</h1><p class="empty">A backtest's report holds no profiles to preview an audience from.</p>`,
    );
  const scheduled = source
    .scenarios()
    .filter(({ scenario }) => isClockTrigger(scenario.trigger))
    .map(({ scenario }) => scenario.id);
  const item = (name: string) => html`<li><a href="${link(base, 'audience', name)}">${name}</a></li>`;
  return page(
    'Audiences',
    html`<h1>Audiences</h1>
<h2>Segments</h2><ul>${source.segments().map(item)}</ul>
<h2>Scheduled scenarios</h2><ul>${scheduled.map(item)}</ul>`,
  );
}

/** Who a segment or a scheduled scenario reaches now, who is left out and why, and a sample. */
export async function audiencePage(context: PageContext, name: string): Promise<Page> {
  const { audience } = context.source;
  if (audience === undefined) return notFound('No audience here', "A backtest's report holds no profiles.");
  const preview = await audience(name, { sample: 20 });
  if (typeof preview === 'string') return notFound('No such audience', preview);
  const excluded = Object.entries(preview.excluded).sort(([, a], [, b]) => b - a);
  return page(
    `Audience of ${name}`,
    html`<h1>Audience of ${preview.target}</h1>
<p>${preview.audience}</p>
<table class="audience">
<tr><th>Customers</th><td class="number">${count(preview.customers)}</td></tr>
<tr><th>In the segment</th><td class="number">${count(preview.inSegment)}</td></tr>
<tr><th>Would enter</th><td class="number members">${count(preview.members)}</td></tr>
${excluded.map(([reason, times]) => html`<tr><th>Left out</th><td class="number">${count(times)}</td><td>${reason}</td></tr>`)}
<tr><th>At send</th><td colspan="2">${count(preview.atSend.globalControl)} in the global control group, ${count(preview.atSend.capped)} at a frequency cap now</td></tr>
</table>
<h2>By channel, of those in the segment</h2>
<table><tr><th>Channel</th><th>Standing</th></tr>${Object.entries(preview.channels).map(
      ([channel, standings]) =>
        html`<tr><td>${channel}</td><td>${Object.entries(standings)
          .filter(([, times]) => times > 0)
          .map(
            ([standing, times]) =>
              `${count(times)} ${CHANNEL_STANDING_TEXT[ChannelStanding.parse(standing)]}`,
          )
          .join(', ')}</td></tr>`,
    )}</table>
<h2>Sample</h2>
<ul>${preview.sample.map(
      ({ profileId, excluded: reason }) =>
        html`<li><a href="${link(context.base, 'customers', profileId)}">${profileId}</a>${reason === undefined ? '' : ` · left out: ${reason}`}</li>`,
    )}</ul>`,
  );
}
