import * as z from 'zod';
import { html } from '../html.ts';
import { minute } from './format.ts';
import { link, notFound, type Page, type PageContext, page } from './page.ts';

/** How many journeys a list shows: the latest entered. */
const SHOWN = 200;

const Filter = z.object({
  state: z.string().min(1).max(200).optional().catch(undefined),
  version: z.string().min(1).max(200).optional().catch(undefined),
});

/**
 * Who is in a scenario and at which step: the journeys waiting in a state now, or running on a
 * version, each leading to its customer.
 */
export async function journeysPage(context: PageContext, scenario: string): Promise<Page> {
  if (!context.source.scenarios().some((found) => found.scenario.id === scenario))
    return notFound('No such scenario', `There is no scenario "${scenario}".`);
  const { state, version } = Filter.parse(Object.fromEntries(context.query));
  const journeys = await context.source.journeys(scenario, {
    limit: SHOWN,
    ...(state === undefined ? {} : { state }),
    ...(version === undefined ? {} : { version }),
  });
  const what = [
    state === undefined ? undefined : `in "${state}" now`,
    version === undefined ? undefined : `on version ${version.slice(0, 12)}`,
  ].filter((part) => part !== undefined);
  const rows = journeys.map(
    (journey) => html`<tr>
<td><a href="${link(context.base, 'customers', journey.profileId)}">${journey.profileId}</a></td>
<td>${minute(journey.startedAt)}</td>
<td>${journey.status}</td>
<td>${journey.current ?? ''}</td>
<td><code>${journey.version?.slice(0, 12) ?? ''}</code></td>
</tr>`,
  );
  return page(
    `${scenario} journeys`,
    html`<h1>Journeys of <a href="${link(context.base, 'scenarios', scenario)}">${scenario}</a>${what.length === 0 ? '' : ` ${what.join(', ')}`}</h1>
<p class="muted">The latest ${SHOWN} entered at most.</p>
${journeys.length === 0 ? html`<p class="empty">No journey.</p>` : html`<table class="journeys"><tr><th>Customer</th><th>Entered</th><th>Status</th><th>Now in</th><th>Version</th></tr>${rows}</table>`}`,
  );
}
