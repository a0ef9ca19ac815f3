import type {
  Comparison,
  GroupResult,
  ScenarioOutcome,
  StepResult,
} from '../../../shared/outcomes/report/outcome-report.ts';
import type { ProjectScenario } from '../../../state-machines/compile-project.ts';
import { mermaidFlowchart } from '../../../state-machines/graph/mermaid.ts';
import { triggerLabel } from '../../../state-machines/model/step-tree.ts';
import { stateKind } from '../../dev/state-kinds.ts';
import type { ScenarioActivity, StateActivity } from '../../runtime/scenario-activity.ts';
import { type Html, html } from '../html.ts';
import { count, interval, minute, money, rate } from './format.ts';
import { link, notFound, type Page, type PageContext, page } from './page.ts';

const NO_ACTIVITY: StateActivity = { entered: 0, waiting: 0, converted: 0 };

/** Every scenario, with a link to each. */
export function scenariosPage({ source, base }: PageContext): Page {
  const rows = source.scenarios().map(
    ({ scenario }) => html`<tr>
<td><a href="${link(base, 'scenarios', scenario.id)}">${scenario.id}</a></td>
<td>${scenario.name}</td><td>${scenario.program}</td><td>${triggerLabel(scenario.trigger)}</td></tr>`,
  );
  return page(
    'Scenarios',
    html`<h1>Scenarios</h1>
<table><tr><th>Scenario</th><th>Name</th><th>Program</th><th>Starts</th></tr>${rows}</table>`,
  );
}

/**
 * One scenario: its graph as its state machine runs it, with on every state the journeys waiting
 * there now, those that entered it, what its send did and how many of them converted; then the groups and
 * variants against the holdout, and the versions journeys run on.
 */
export async function scenarioPage(context: PageContext, id: string): Promise<Page> {
  const { source } = context;
  const found = source.scenarios().find(({ scenario }) => scenario.id === id);
  if (found === undefined) {
    const known = source.scenarios().map(({ scenario }) => scenario.id);
    return notFound('No such scenario', `There is no scenario "${id}". Known: ${known.join(', ')}.`);
  }
  const [activity, report] = await Promise.all([source.activity(id), source.outcomes()]);
  const outcome = report.scenarios.find((candidate) => candidate.scenario === id);
  const { scenario, compiled } = found;
  const notes = Object.fromEntries(
    Object.keys(compiled.definition.States).map((name) => {
      const state = activity.states[name] ?? NO_ACTIVITY;
      return [name, `${count(state.waiting)} waiting · ${count(state.entered)} entered`];
    }),
  );
  const graph = mermaidFlowchart(
    compiled.definition,
    compiled.manifest.defaultLabels,
    triggerLabel(scenario.trigger),
    notes,
  );
  return page(
    scenario.id,
    html`<h1>${scenario.name} <span class="muted">(${scenario.id})</span></h1>
<p>Program <strong>${scenario.program}</strong> · starts ${triggerLabel(scenario.trigger)} · ${count(activity.journeys)} journeys, ${count(
      activity.versions.reduce((sum, version) => sum + version.running, 0),
    )} running now</p>
${activity.note === undefined ? '' : html`<p class="muted">${activity.note}</p>`}
<div class="graph"><pre class="mermaid">${graph}</pre></div>
<h2>Steps</h2>
${stepTable(found, activity, outcome?.steps ?? [], context.base)}
<h2>Groups and variants</h2>
${outcome === undefined ? html`<p class="empty">No journey has entered yet.</p>` : groupsTable(outcome, report.currency)}
<h2>Versions</h2>
${versionsTable(activity, compiled.manifest.version, link(context.base, 'scenarios', scenario.id, 'journeys'))}`,
    ['mermaid'],
  );
}

function stepTable(
  found: ProjectScenario,
  activity: ScenarioActivity,
  steps: readonly StepResult[],
  base: string,
): Html {
  const journeys = link(base, 'scenarios', found.scenario.id, 'journeys');
  const rows = Object.entries(found.compiled.definition.States).map(([name, state]) => {
    const figures = activity.states[name] ?? NO_ACTIVITY;
    const kind = stateKind(state);
    const sends = kind.kind === 'send' ? steps.filter((step) => step.step === kind.step) : [];
    const sent = sends.reduce((sum, step) => sum + step.sent, 0);
    const skipped = sends.flatMap((step) => Object.entries(step.skipped));
    return html`<tr data-state="${name}">
<td>${name}</td>
<td class="number waiting">${figures.waiting === 0 ? '0' : html`<a href="${journeys}?state=${encodeURIComponent(name)}">${count(figures.waiting)}</a>`}</td>
<td class="number entered">${count(figures.entered)}</td>
<td class="number sent">${kind.kind === 'send' ? count(sent) : ''}</td>
<td class="skipped">${skipped.length === 0 ? '' : skipped.map(([reason, times]) => html`<div>${count(times)} ${reason}</div>`)}</td>
<td class="number converted">${count(figures.converted)}</td>
</tr>`;
  });
  return html`<table class="steps">
<tr><th>State</th><th class="number">Waiting now</th><th class="number">Entered</th><th class="number">Sent</th><th>Skipped, by reason</th><th class="number">Converted</th></tr>
${rows}
</table>
<p class="muted">Entered: journeys that entered the state at least once, those waiting there included. Converted: of those, the journeys that reached the goal, before or after the state.</p>`;
}

function groupsTable(outcome: ScenarioOutcome, currency: string): Html {
  const rows = outcome.groups.map((group) => groupRow(group, currency));
  const comparisons = [...(outcome.uplift === undefined ? [] : [outcome.uplift]), ...outcome.variants];
  return html`<table class="variants">
<tr><th>Group</th><th>Variant</th><th class="number">Entered</th><th class="number">Converted</th><th class="number">Rate</th><th class="number">95% interval</th><th class="number">Revenue</th><th class="number">Per entrant</th></tr>
${rows}
</table>
${comparisons.map(comparisonLine)}`;
}

function groupRow(group: GroupResult, currency: string): Html {
  return html`<tr data-group="${group.group}" data-variant="${group.variant ?? ''}">
<td>${group.group}</td>
<td>${group.variant === undefined ? '' : `${group.step}: ${group.variant}`}</td>
<td class="number">${count(group.entered)}</td>
<td class="number">${count(group.converted)}</td>
<td class="number">${rate(group.conversionRate)}</td>
<td class="number">${interval(group.interval)}</td>
<td class="number">${money(group.revenue, currency)}</td>
<td class="number">${money(group.revenuePerEntrant, currency)}</td>
</tr>`;
}

function comparisonLine(comparison: Comparison): Html {
  return html`<p class="comparison verdict-${comparison.verdict}">${comparison.words}</p>`;
}

function versionsTable(activity: ScenarioActivity, current: string, journeys: string): Html {
  if (activity.versions.length === 0) return html`<p class="empty">No journeys yet.</p>`;
  const rows = activity.versions.map(
    (version) => html`<tr>
<td><a href="${journeys}?version=${encodeURIComponent(version.version)}"><code>${version.version.slice(0, 12)}</code></a>${version.version === current ? ' (current)' : ''}</td>
<td class="number">${count(version.running)}</td>
<td class="number">${count(version.ended)}</td>
<td>${minute(version.firstEntered)}</td>
<td>${minute(version.lastEntered)}</td>
</tr>`,
  );
  return html`<table class="versions">
<tr><th>Version</th><th class="number">Running</th><th class="number">Ended</th><th>First entered</th><th>Last entered</th></tr>
${rows}
</table>
<p class="muted">A journey finishes on the version it entered on, whatever was deployed since.</p>`;
}
