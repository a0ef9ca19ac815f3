import { describe, expect, it } from 'vitest';
import { knownEffectPopulation } from '../../../bench/outcomes/known-effect.ts';
import { simulate } from '../../../local/simulate/simulate.ts';
import type { SimulatedJourney } from '../../../local/simulate/simulation-report.ts';
import { compileProject } from '../../../state-machines/compile-project.ts';
import { loadProject } from '../../../state-machines/project/load-project.ts';
import { validateProject } from '../../../state-machines/validation/validate-project.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';
import { useProjectFixtures } from '../../helpers/project-fixture.ts';

const { copyExamples } = useProjectFixtures();

async function assignmentsOf(dir: string) {
  const { project } = validateProject(await loadProject(dir));
  const browse =
    project && compileProject(project).find(({ scenario }) => scenario.id === 'browse-abandonment');
  if (browse === undefined) throw new Error('no browse-abandonment scenario');
  return browse.compiled.manifest.assignments;
}

const cents = (amount: number): number => Math.round(amount * 100) / 100;

/** The figures counted directly from the journeys, to hold the SQL to. */
function countDirectly(journeys: readonly SimulatedJourney[], keep: (journey: SimulatedJourney) => boolean) {
  const kept = journeys.filter(keep);
  const converted = kept.filter((journey) => journey.convertedAt !== undefined);
  return {
    entered: kept.length,
    converted: converted.length,
    revenue: cents(converted.reduce((sum, journey) => sum + (journey.value ?? 0), 0)),
  };
}

describe('measured groups', () => {
  it('the SQL files give the figures a direct count of the journeys gives', async () => {
    // Prepare
    const population = knownEffectPopulation({
      customers: 120,
      rates: { holdout: 0.2, reminder: 0.25, discount: 0.35 },
      assignments: await assignmentsOf(EXAMPLES_DIR),
      seed: 7,
    });

    // Act
    const report = await simulate({
      projectDir: EXAMPLES_DIR,
      events: population.events,
      profiles: population.profiles,
      only: ['browse-abandonment'],
    });

    // Assess
    const groups = report.outcomes.scenarios[0]?.groups ?? [];
    const bySql = (group: string, variant?: string) => {
      const row = groups.find((candidate) => candidate.group === group && candidate.variant === variant);
      return (
        row && {
          entered: row.entered,
          converted: row.converted,
          revenue: cents(row.revenue),
        }
      );
    };
    expect(bySql('holdout')).toEqual(
      countDirectly(report.journeys, (journey) => journey.group === 'holdout'),
    );
    expect(bySql('treatment')).toEqual(
      countDirectly(report.journeys, (journey) => journey.group === 'treatment'),
    );
    for (const variant of ['reminder', 'discount']) {
      expect(bySql('treatment', variant)).toEqual(
        countDirectly(
          report.journeys,
          (journey) => journey.group === 'treatment' && journey.variants['subject-test'] === variant,
        ),
      );
    }
    // And both agree with what the population was made to do.
    expect(bySql('holdout')?.converted).toBe(population.truth.holdout?.converting);
    expect(bySql('treatment', 'discount')?.converted).toBe(population.truth.discount?.converting);
    expect(report.journeys).toHaveLength(120);
  });

  it('holds the global control group back from marketing messages, and measures each program against it', async () => {
    // Prepare
    const project = await copyExamples();
    await project.replace('parcours.config.yaml', 'global-control: 0', 'global-control: 30');
    const population = knownEffectPopulation({
      customers: 60,
      rates: { holdout: 0.3, reminder: 0.3, discount: 0.3 },
      assignments: await assignmentsOf(project.dir),
      seed: 11,
    });

    // Act
    const report = await simulate({
      projectDir: project.dir,
      events: population.events,
      profiles: population.profiles,
      only: ['browse-abandonment'],
    });

    // Assess
    const controlled = report.journeys.filter((journey) => journey.group === 'global-control');
    expect(controlled.length).toBeGreaterThan(5);
    expect(controlled.length).toBeLessThan(35);
    const controlledIds = new Set(controlled.map((journey) => journey.profileId));
    expect(report.messages.filter((message) => controlledIds.has(message.profileId))).toEqual([]);
    const skips = report.skips.filter((skip) => controlledIds.has(skip.profileId));
    expect(skips.length).toBeGreaterThan(0);
    expect(new Set(skips.map((skip) => skip.reason))).toEqual(new Set(['global-control']));
    // Their conversions count, and the program is measured against them.
    const program = report.outcomes.programs.find((candidate) => candidate.program === 'conversion');
    expect(program?.uplift?.against).toBe('the global control group');
    const treated = report.journeys.filter((journey) => journey.group === 'treatment');
    expect(program?.entered).toBe(treated.length);
    const control = report.outcomes.scenarios[0]?.groups.find((group) => group.group === 'global-control');
    // DuckDB sums in parallel, in any order: the revenue is compared to the cent.
    expect(
      control && { entered: control.entered, converted: control.converted, revenue: cents(control.revenue) },
    ).toEqual(countDirectly(report.journeys, (journey) => journey.group === 'global-control'));
  });
});
