import type { OutcomeReport, ProgramOutcome } from '../../../shared/outcomes/report/outcome-report.ts';
import type { TrendRow } from '../../../shared/outcomes/report-queries.ts';
import type { ProjectScenario } from '../../../state-machines/compile-project.ts';
import { type Html, html, jsonData } from '../html.ts';
import { trendSeries } from '../views/trend.ts';
import { count, interval, money, rate } from './format.ts';
import { link, type Page, type PageContext, page } from './page.ts';

/**
 * The home page: each program's objective against its target, its conversion rate over time with
 * the interval, its uplift against the global control group and its revenue; then every scenario
 * with its result against its holdout.
 */
export async function programsPage({ source, base }: PageContext): Promise<Page> {
  const [report, trend] = await Promise.all([source.outcomes(), source.trend()]);
  const programs = report.programs.map((program, index) => programCard(program, index, report, trend));
  return page(
    'Programs',
    html`<h1>Programs</h1>
${programs.length === 0 ? html`<p class="empty">No journey has entered a program yet.</p>` : programs}
<h2>Scenarios</h2>
${scenarioTable(report, source.scenarios(), base)}`,
    ['uplot'],
  );
}

function programCard(
  program: ProgramOutcome,
  index: number,
  report: OutcomeReport,
  trend: readonly TrendRow[],
): Html {
  const chart = `trend-${index}`;
  return html`<section class="card program" data-program="${program.program}">
<h2>${program.name} <span class="muted">(${program.program})</span></h2>
<p>${program.objective}</p>
<table>
<tr><th>Target</th><th>Conversion rate</th><th>95% interval</th><th>Entered</th><th>Converted</th><th>Revenue</th><th>Status</th></tr>
<tr>
<td class="number">${rate(program.target)}</td>
<td class="number">${rate(program.conversionRate)}</td>
<td class="number">${interval(program.interval)}</td>
<td class="number">${count(program.entered)}</td>
<td class="number">${count(program.converted)}</td>
<td class="number">${money(program.revenue, report.currency)}</td>
<td class="status-${program.status}">${program.statusWords}</td>
</tr>
</table>
<p>${program.uplift === undefined ? 'No global control group to compare with yet.' : html`<span class="verdict-${program.uplift.verdict}">${program.uplift.words}</span>`}</p>
<div class="chart" id="${chart}"></div>
${jsonData(`${chart}-data`, { ...trendSeries(trend, program.program), target: program.target }, chart)}
<p class="muted">Conversion rate of everyone entered up to each day, with its 95% interval. The latest days have had less time to convert.</p>
</section>`;
}

function scenarioTable(report: OutcomeReport, scenarios: readonly ProjectScenario[], base: string): Html {
  const rows = scenarios.map(({ scenario }) => {
    const outcome = report.scenarios.find((candidate) => candidate.scenario === scenario.id);
    const treatment = outcome?.groups.find(
      (group) => group.group === 'treatment' && group.variant === undefined,
    );
    return html`<tr>
<td><a href="${link(base, 'scenarios', scenario.id)}">${scenario.id}</a></td>
<td>${scenario.program}</td>
<td class="number">${count(treatment?.entered ?? 0)}</td>
<td class="number">${treatment === undefined ? '–' : rate(treatment.conversionRate)}</td>
<td>${outcome?.uplift === undefined ? html`<span class="muted">no holdout result</span>` : html`<span class="verdict-${outcome.uplift.verdict}">${outcome.uplift.words}</span>`}</td>
</tr>`;
  });
  return html`<table class="scenarios">
<tr><th>Scenario</th><th>Program</th><th class="number">Entered (treatment)</th><th class="number">Conversion</th><th>Against the holdout</th></tr>
${rows}
</table>`;
}
