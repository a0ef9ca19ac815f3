import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { outcomeReportTable } from '../../cli/commands/report-table.ts';
import { simulate } from '../../local/simulate/simulate.ts';
import { compileProject } from '../../state-machines/compile-project.ts';
import { loadProject } from '../../state-machines/project/load-project.ts';
import { validateProject } from '../../state-machines/validation/validate-project.ts';
import { knownEffectPopulation, type TrueRates } from './known-effect.ts';

/**
 * Simulates the browse-abandonment test on a population with a known effect (10% in the holdout,
 * 11% with the reminder, 13% with the discount: +2 points for the scenario, +2 between the
 * variants), prints the outcome report, and checks that every conversion the population made was
 * counted in its group and that the 95% intervals cover the true effects.
 *
 *   npm run known-effect -- [customers=20000] [seed] [--out <dir>]
 *
 * With --out, it writes the population as events.jsonl and profiles.jsonl in that folder instead,
 * for `parcours simulate --events <dir>/events.jsonl --profiles <dir>/profiles.jsonl --report`.
 */
const SCENARIO = 'browse-abandonment';
const RATES: TrueRates = { holdout: 0.1, reminder: 0.11, discount: 0.13 };
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt === -1 ? undefined : args[outAt + 1];
const [customersArg, seedArg] = args.filter(
  (_, index) => outAt === -1 || (index !== outAt && index !== outAt + 1),
);
const customers = Number(customersArg ?? 20_000);
const seed = Number(seedArg ?? 20261005);

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { project } = validateProject(await loadProject('scenarios'));
const compiled =
  project === undefined ? undefined : compileProject(project).find((s) => s.scenario.id === SCENARIO);
if (compiled === undefined) throw new Error(`the examples have no valid ${SCENARIO} scenario`);
const population = knownEffectPopulation({
  customers,
  rates: RATES,
  assignments: compiled.compiled.manifest.assignments,
  seed,
});
if (out !== undefined) {
  await mkdir(out, { recursive: true });
  const lines = (values: readonly unknown[]) => values.map((value) => `${JSON.stringify(value)}\n`).join('');
  await writeFile(join(out, 'events.jsonl'), lines(population.events));
  await writeFile(join(out, 'profiles.jsonl'), lines(population.profiles));
  process.stdout.write(
    `wrote ${population.events.length} events and ${population.profiles.length} profiles to ${out}\n`,
  );
  process.exit(0);
}
const started = performance.now();
const report = await simulate({
  projectDir: 'scenarios',
  events: population.events,
  profiles: population.profiles,
  only: [SCENARIO],
});
const seconds = (performance.now() - started) / 1000;
process.stdout.write(outcomeReportTable(report.outcomes));

const scenario = report.outcomes.scenarios.find((candidate) => candidate.scenario === SCENARIO);
const counted = (group: string, variant?: string) =>
  scenario?.groups.find((row) => row.group === group && row.variant === variant)?.converted;
const checks: [string, boolean][] = [
  ['holdout conversions all counted', counted('holdout') === population.truth.holdout?.converting],
  [
    'reminder conversions all counted',
    counted('treatment', 'reminder') === population.truth.reminder?.converting,
  ],
  [
    'discount conversions all counted',
    counted('treatment', 'discount') === population.truth.discount?.converting,
  ],
];
const covers = (label: string, truth: number, words: string | undefined) => {
  const comparison = [scenario?.uplift, ...(scenario?.variants ?? [])].find((c) => c?.words === words);
  const ok =
    comparison !== undefined && comparison.absolute.low <= truth && truth <= comparison.absolute.high;
  checks.push([`${label}: the 95% interval covers the true ${(truth * 100).toFixed(1)} points`, ok]);
};
const treated = (RATES.reminder + RATES.discount) / 2;
covers('scenario against the holdout', treated - RATES.holdout, scenario?.uplift?.words);
const head = scenario?.variants.find(
  (c) => c.subject.startsWith('variant') && c.against.startsWith('variant'),
);
covers(
  'between the variants',
  head?.subject === 'variant discount' ? RATES.discount - RATES.reminder : RATES.reminder - RATES.discount,
  head?.words,
);
process.stdout.write(
  `\n${customers.toLocaleString('en-US')} customers simulated in ${seconds.toFixed(0)} s ` +
    `(${(report.journeys.length / seconds).toFixed(1)} journeys/s)\n`,
);
for (const [label, ok] of checks) process.stdout.write(`${ok ? 'ok  ' : 'FAIL'}  ${label}\n`);
if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
