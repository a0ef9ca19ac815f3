import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSink } from '../../local/outcomes/file-sink.ts';
import { ManualClock } from '../../shared/clock/clock.ts';
import type { FactGroup, OutcomeFact } from '../../shared/outcomes/outcome-fact.ts';
import { OutcomeReport } from '../../shared/outcomes/report/outcome-report.ts';
import { parcours } from '../helpers/cli-process.ts';
import { useProjectFixtures } from '../helpers/project-fixture.ts';

const { tempDir } = useProjectFixtures();

/** Each spawn compiles the CLI with tsx (about 1.5 s, more on a busy machine). */
const SPAWNS = { timeout: 60_000 };

const SCENARIO = 'browse-abandonment';

type Journey = {
  readonly execution: string;
  readonly grp: FactGroup;
  readonly variant: 'reminder' | 'discount';
  readonly enteredAt: string;
  readonly conversion?: { readonly value: number; readonly currency: string };
};

const minutesAfter = (time: string, minutes: number): string =>
  new Date(Date.parse(time) + minutes * 60_000).toISOString();

/** Journeys of the week before the saved clock, and a few from long before. */
const RECENT: readonly Journey[] = [
  ...Array.from(
    { length: 12 },
    (_, index): Journey => ({
      execution: `recent-${index}`,
      grp: 'treatment',
      variant: index % 2 === 0 ? 'reminder' : 'discount',
      enteredAt: minutesAfter('2026-03-09T10:00:00.000Z', index),
      ...(index < 4 ? { conversion: { value: 25, currency: 'EUR' } } : {}),
      ...(index === 4 ? { conversion: { value: 40, currency: 'USD' } } : {}),
    }),
  ),
  ...Array.from(
    { length: 4 },
    (_, index): Journey => ({
      execution: `held-${index}`,
      grp: 'holdout',
      variant: index % 2 === 0 ? 'reminder' : 'discount',
      enteredAt: minutesAfter('2026-03-09T11:00:00.000Z', index),
      ...(index === 0 ? { conversion: { value: 25, currency: 'EUR' } } : {}),
    }),
  ),
];
const OLD: readonly Journey[] = Array.from(
  { length: 3 },
  (_, index): Journey => ({
    execution: `old-${index}`,
    grp: 'treatment',
    variant: 'reminder',
    enteredAt: minutesAfter('2026-03-01T10:00:00.000Z', index),
    ...(index === 0 ? { conversion: { value: 60, currency: 'EUR' } } : {}),
  }),
);
/** Where journey time stood when the dev server stopped: `--since 2d` counts back from it. */
const SAVED_CLOCK = '2026-03-10T00:00:00.000Z';
const TWO_DAYS_BEFORE = '2026-03-08T00:00:00.000Z';

function factsOf(journey: Journey): OutcomeFact[] {
  const common = {
    occurred_at: journey.enteredAt,
    profile_id: `profile-${journey.execution}`,
    scenario: SCENARIO,
    program: 'conversion',
    execution: journey.execution,
    grp: journey.grp,
  };
  const step = journey.variant === 'reminder' ? 'browse-reminder' : 'browse-discount';
  return [
    { id: `entry:${journey.execution}`, kind: 'entry', ...common, event_id: `view-${journey.execution}` },
    {
      id: `variant:${journey.execution}:subject-test`,
      kind: 'variant',
      ...common,
      step: 'subject-test',
      variant: journey.variant,
    },
    ...(journey.grp === 'treatment'
      ? [
          {
            id: `message:${journey.execution}:${step}`,
            kind: 'message' as const,
            occurred_at: minutesAfter(journey.enteredAt, 120),
            profile_id: common.profile_id,
            scenario: SCENARIO,
            execution: journey.execution,
            step,
            variant: journey.variant,
            channel: 'email' as const,
            outcome: 'sent',
            message_id: `msg-${journey.execution}`,
          },
        ]
      : []),
    ...(journey.conversion === undefined
      ? []
      : [
          {
            id: `conversion:${journey.execution}`,
            kind: 'conversion' as const,
            ...common,
            occurred_at: minutesAfter(journey.enteredAt, 600),
            event_id: `order-${journey.execution}`,
            ...journey.conversion,
          },
        ]),
  ];
}

/** A data folder as the dev server leaves it: facts of two days and its saved clock. */
async function dataFolder(): Promise<string> {
  const data = await tempDir();
  const clock = new ManualClock('2026-03-01T12:00:00.000Z');
  const sink = fileSink(data, clock);
  await sink.append(OLD.flatMap(factsOf));
  clock.set('2026-03-09T12:00:00.000Z');
  await sink.append(RECENT.flatMap(factsOf));
  await writeFile(join(data, 'clock.json'), `${JSON.stringify({ journeyTime: SAVED_CLOCK })}\n`);
  return data;
}

/** What the report should count for some journeys, from the journeys themselves. */
function expectedGroup(journeys: readonly Journey[], grp: FactGroup) {
  const inGroup = journeys.filter((journey) => journey.grp === grp);
  const converted = inGroup.filter((journey) => journey.conversion !== undefined);
  return {
    entered: inGroup.length,
    converted: converted.length,
    revenue: converted
      .filter((journey) => journey.conversion?.currency === 'EUR')
      .reduce((total, journey) => total + (journey.conversion?.value ?? 0), 0),
  };
}

function parseReport(stdout: string): OutcomeReport {
  return OutcomeReport.parse(JSON.parse(stdout));
}

describe('parcours report', SPAWNS, () => {
  it('prints the figures of the local data folder as JSON', async () => {
    // Prepare
    const data = await dataFolder();
    const all = [...OLD, ...RECENT];

    // Act
    const run = await parcours(['report', '--data', data, '--json']);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = parseReport(run.stdout);
    expect(report.currency).toBe('EUR');
    const browse = report.scenarios.find(({ scenario }) => scenario === SCENARIO);
    expect(browse?.program).toBe('conversion');
    const groupOf = (grp: FactGroup) =>
      browse?.groups.find((row) => row.group === grp && row.variant === undefined);
    expect(groupOf('treatment')).toMatchObject(expectedGroup(all, 'treatment'));
    expect(groupOf('holdout')).toMatchObject(expectedGroup(all, 'holdout'));
    expect(browse?.otherCurrency).toBe(
      all.filter((journey) => journey.conversion !== undefined && journey.conversion.currency !== 'EUR')
        .length,
    );
    const sentByStep = browse?.steps.map(({ step, sent }) => [step, sent]);
    const treated = all.filter((journey) => journey.grp === 'treatment');
    expect(sentByStep).toEqual([
      ['browse-discount', treated.filter((journey) => journey.variant === 'discount').length],
      ['browse-reminder', treated.filter((journey) => journey.variant === 'reminder').length],
    ]);
    const conversion = report.programs.find(({ program }) => program === 'conversion');
    expect(conversion?.entered).toBe(expectedGroup(all, 'treatment').entered);
    expect(browse?.uplift?.subject).toBe(SCENARIO);
  });

  it('prints the same report as a table, with the scenario and its verdict', async () => {
    // Prepare
    const data = await dataFolder();
    const json = parseReport((await parcours(['report', '--data', data, '--json'])).stdout);
    const verdict = json.scenarios.find(({ scenario }) => scenario === SCENARIO)?.uplift?.words;

    // Act
    const run = await parcours(['report', '--data', data]);

    // Assess
    expect(run.code).toBe(0);
    expect(verdict).toMatch(
      new RegExp(`^(cannot tell yet whether )?${SCENARIO} (beats|does worse than) the holdout`),
    );
    const lines = run.stdout.split('\n');
    // No --since: every journey, not a date of 1970.
    expect(lines[0]).toBe('Outcomes of every journey (revenue in EUR)');
    expect(lines).toContain(`${SCENARIO} (program conversion)`);
    expect(lines).toContain(`  ${verdict}`);
  });

  it('counts only the journeys entered in the last two days of journey time with --since 2d', async () => {
    // Prepare
    const data = await dataFolder();

    // Act
    const run = await parcours(['report', '--data', data, '--json', '--since', '2d']);

    // Assess
    expect(run.code).toBe(0);
    const report = parseReport(run.stdout);
    expect(report.since).toBe(TWO_DAYS_BEFORE);
    const browse = report.scenarios.find(({ scenario }) => scenario === SCENARIO);
    const treatment = browse?.groups.find((row) => row.group === 'treatment' && row.variant === undefined);
    expect(treatment).toMatchObject(expectedGroup(RECENT, 'treatment'));
  });

  it('exits 2 on a --since that is neither a time nor a duration', async () => {
    // Prepare
    const data = await dataFolder();

    // Act
    const run = await parcours(['report', '--data', data, '--since', 'nonsense']);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--since');
    expect(run.stderr).toContain('"nonsense"');
  });

  it.each([
    [
      '--scenario',
      'browse-abandonmnt',
      'unknown scenario "browse-abandonmnt" (did you mean "browse-abandonment"?)',
    ],
    ['--program', 'nope', 'unknown program "nope"'],
  ])('exits 2 on %s %s, naming it, rather than reporting no journey', async (option, id, message) => {
    // Prepare
    const data = await dataFolder();

    // Act
    const run = await parcours(['report', '--data', data, option, id]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`parcours: ${option}: ${message}\n`);
  });
});
