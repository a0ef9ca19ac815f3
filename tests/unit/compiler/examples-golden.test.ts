import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { compiledExamples } from '../../helpers/examples.ts';

const examples = await compiledExamples();

describe('the example scenarios', () => {
  it('are the five the README describes', () => {
    expect(examples.map(({ scenario }) => scenario.id).sort()).toEqual([
      'abandoned-cart',
      'app-first-open',
      'saas-onboarding',
      'upsell-product-b',
      'win-back',
    ]);
  });

  it.each(examples.map((example) => [example.scenario.id, example] as const))(
    '%s compiles to ASL that asl-validator accepts',
    (_id, { compiled }) => {
      const result = aslValidator(compiled.definition);
      expect(result.isValid, result.errorsText('\n')).toBe(true);
    },
  );

  it.each(examples.map((example) => [example.scenario.id, example] as const))(
    '%s renders the pinned ASL (update with `npx vitest run -u` after reviewing the diff)',
    async (id, { compiled }) => {
      await expect(`${JSON.stringify(compiled.definition, null, 2)}\n`).toMatchFileSnapshot(`../../golden/${id}.asl.json`);
    },
  );
});
