import { bucketBelow } from './buckets.ts';
import type { NodeOf, StepContext } from './step-context.ts';

/** A Choice that ends the journey of the customers whose bucket falls in the holdout. */
export function compileHoldout(node: NodeOf<'holdout'>, { next, builder }: StepContext): string {
  const key = builder.bucketKey(node.id);
  builder.holdout = { step: node.id, percent: node.step.holdout };
  builder.defaultLabels[node.name] = `treated (${100 - node.step.holdout}%)`;
  const heldOut = builder.terminal(
    `Held out ${node.step.holdout}%`,
    'held-out',
    'Holdout group: receives nothing from here, still measured against the goal.',
  );
  return builder.add(node.name, {
    Type: 'Choice',
    Choices: [
      { ...bucketBelow(key, node.step.holdout), Next: heldOut, Comment: `holdout (${node.step.holdout}%)` },
    ],
    Default: builder.target(next),
  });
}
