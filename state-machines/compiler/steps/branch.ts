import type { TopChoiceRule } from '../asl.ts';
import { choiceRule, needsFacts } from '../choice-rules.ts';
import { FactCollector } from '../facts.ts';
import type { NodeOf, StepContext } from './step-context.ts';

/**
 * A Choice, first match wins; preceded by a Check Task that loads the facts its rules read when
 * a rule reads the profile, aggregates or segments (execution state holds no personal data).
 */
export function compileBranch(node: NodeOf<'branch'>, context: StepContext): string {
  const { next, variant, builder, compileList } = context;
  const facts = new FactCollector();
  const choices: TopChoiceRule[] = node.paths.map((path) => ({
    ...choiceRule(path.when, facts),
    Next: builder.target(compileList(path.steps, next, variant)),
    Comment: path.label,
  }));
  const choice = builder.add(node.name, {
    Type: 'Choice',
    Choices: choices,
    Default: builder.target(compileList(node.otherwise, next, variant)),
  });
  if (!node.paths.some((path) => needsFacts(path.when))) return choice;
  return builder.add(
    `Check ${node.name.replace(/^Branch /, '')}`,
    builder.task('check', node, { facts: facts.all }, choice, {
      resultPath: '$.facts',
      catches: builder.goalCatch(),
    }),
  );
}
