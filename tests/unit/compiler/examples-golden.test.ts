import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { statsTable } from '../../../cli/commands/stats-table.ts';
import { cutAtTimers, localDefinition, reachableFrom } from '../../../local/runtime/local-definition.ts';
import { pathStats } from '../../../state-machines/compiler/path-stats.ts';
import { WAIT_FOR_TASK_TOKEN } from '../../../state-machines/compiler/resources.ts';
import { aslValidation } from '../../helpers/asl-validation.ts';
import { compiledExamples } from '../../helpers/examples.ts';

const examples = await compiledExamples();

describe('the example scenarios', () => {
  it('are the eight the README describes', () => {
    expect(examples.map(({ scenario }) => scenario.id).sort()).toEqual([
      'abandoned-cart',
      'app-first-open',
      'birthday',
      'browse-abandonment',
      'monthly-newsletter',
      'saas-onboarding',
      'upsell-product-b',
      'win-back',
    ]);
  });

  it.each(examples.map((example) => [example.scenario.id, example] as const))(
    '%s compiles to ASL that asl-validator accepts',
    (_id, { compiled }) => {
      const result = aslValidation(compiled.definition);
      expect(result.isValid, result.errorsText('\n')).toBe(true);
    },
  );

  // The local runtime builds its engines without validating (see execution-runner.ts): this is
  // where the forms it runs, whole, cut at its timers and resumed from each, are checked instead.
  it.each(examples.map((example) => [example.scenario.id, example] as const))(
    '%s in its local forms, and resumed from any wait, is ASL that asl-validator accepts',
    (_id, { compiled }) => {
      const local = localDefinition(compiled.definition);
      const cut = cutAtTimers(local);
      // A journey resumes after a wait (the state a timer leads to) or at a wait-for.
      const waitsFor = Object.entries(cut.definition.States).flatMap(([name, state]) =>
        state.Type === 'Task' && state.Resource === WAIT_FOR_TASK_TOKEN ? [name] : [],
      );
      const afterTimers = [...cut.after.values()].flatMap((next) => (next === undefined ? [] : [next]));
      expect(cut.after.size).toBe(
        Object.values(compiled.definition.States).filter((state) => state.Type === 'Wait').length,
      );
      // A scenario with a wait has a form per resumption; one without (a one-email broadcast) has one.
      const waits = Object.values(compiled.definition.States).some(
        (state) => state.Type === 'Wait' || (state.Type === 'Task' && state.Resource === WAIT_FOR_TASK_TOKEN),
      );
      expect(waitsFor.length + afterTimers.length > 0).toBe(waits);
      const runs = [local.StartAt, ...waitsFor, ...afterTimers];
      const forms = [local, ...runs.map((state) => reachableFrom(cut.definition, state))];
      for (const form of forms) {
        const result = aslValidation(form, { checkArn: false });
        expect(result.isValid, result.errorsText('\n')).toBe(true);
      }
    },
  );

  it.each(examples.map((example) => [example.scenario.id, example] as const))(
    '%s renders the pinned ASL (update with `npx vitest run -u` after reviewing the diff)',
    async (id, { compiled }) => {
      await expect(`${JSON.stringify(compiled.definition, null, 2)}\n`).toMatchFileSnapshot(
        `../../golden/${id}.asl.json`,
      );
    },
  );
});

describe('the README', () => {
  it('shows the cost figures `parcours compile --stats` prints for the examples', async () => {
    const readme = await readFile(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');

    const table = statsTable(
      examples.map(({ scenario, compiled }) => ({ id: scenario.id, ...pathStats(compiled.definition) })),
    );
    const rows = table.split('\n').slice(0, examples.length + 1);

    for (const row of rows) expect(readme).toContain(row);
  });
});
