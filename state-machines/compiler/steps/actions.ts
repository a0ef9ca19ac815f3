import { type NodeOf, type StepContext, variantParameter } from './step-context.ts';

/** Steps that are one Task each: change the profile, publish an event, call a webhook. */
export function compileUpdateProfile(node: NodeOf<'update-profile'>, { next, builder }: StepContext): string {
  return builder.add(
    node.name,
    builder.task('updateProfile', node, { update: node.step['update-profile'] }, next),
  );
}

export function compileEmit(node: NodeOf<'emit'>, { next, variant, builder }: StepContext): string {
  const { source, 'detail-type': detailType } = node.step.emit;
  builder.emits[node.id] = { source, 'detail-type': detailType };
  return builder.add(
    node.name,
    builder.task('emit', node, { event: node.step.emit, ...variantParameter(variant) }, next),
  );
}

export function compileWebhook(node: NodeOf<'webhook'>, { next, variant, builder }: StepContext): string {
  return builder.add(
    node.name,
    builder.task('webhook', node, { request: node.step.webhook, ...variantParameter(variant) }, next),
  );
}

/** An exit ends the journey with its reason. */
export function compileExit(node: NodeOf<'exit'>, { builder }: StepContext): string {
  return builder.terminal(node.name, 'exited', `Exit: ${node.step.exit}.`);
}
