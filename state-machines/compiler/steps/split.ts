import { bucketBelow } from './buckets.ts';
import type { NodeOf, StepContext } from './step-context.ts';

/**
 * A Choice on the customer's stable bucket for the step: each path takes the buckets below its
 * cumulative weight, the last the rest. The variants and their bounds go to the manifest, so
 * entry assigns them without rebuilding the step tree.
 */
export function compileSplit(node: NodeOf<'split'>, context: StepContext): string {
  const { next, variant, builder, compileList } = context;
  const key = builder.bucketKey(node.id);
  let upper = 0;
  const paths = node.paths.map((path) => {
    upper += path.weight;
    const pathVariant = variant === undefined ? path.variant : `${variant}/${path.variant}`;
    return {
      upper,
      label: `${path.variant} (${path.weight}%)`,
      next: builder.target(compileList(path.steps, next, pathVariant)),
    };
  });
  builder.splits.push({
    step: node.id,
    variants: node.paths.map((path, index) => ({ variant: path.variant, upper: paths[index]?.upper ?? 100 })),
  });
  const last = paths.pop();
  if (last === undefined) throw new Error('compiler bug: a split without paths');
  builder.defaultLabels[node.name] = last.label;
  return builder.add(node.name, {
    Type: 'Choice',
    Comment: 'Each customer keeps the same variant: the bucket is a hash of the profile, scenario and step.',
    Choices: paths.map((path) => ({ ...bucketBelow(key, path.upper), Next: path.next, Comment: path.label })),
    Default: last.next,
  });
}
