import { createHash } from 'node:crypto';
import type { ScenarioManifest } from '../../language/manifest.ts';
import { eventFieldsRead } from '../model/event-fields.ts';
import { assertUnreachable, type StepNode } from '../model/step-tree.ts';
import type { State, StateMachine } from './asl.ts';
import { inlineSendOf } from './inline-send.ts';
import { type BuilderInput, ScenarioBuilder } from './scenario-builder.ts';
import { compileEmit, compileExit, compileUpdateProfile, compileWebhook } from './steps/actions.ts';
import { compileBranch } from './steps/branch.ts';
import { compileHoldout } from './steps/holdout.ts';
import { compileSend } from './steps/send.ts';
import { compileSplit } from './steps/split.ts';
import type { StepContext } from './steps/step-context.ts';
import { compileWait } from './steps/wait.ts';
import { compileWaitFor } from './steps/wait-for.ts';

export type CompileInput = BuilderInput & {
  readonly tree: readonly StepNode[];
  /**
   * What the scenario's messages are made of (its templates' sources), so that the version
   * changes with them: a journey keeps the templates of the version it started on.
   * @default ''
   */
  readonly templatesDigest?: string;
};

export type CompiledScenario = { readonly definition: StateMachine; readonly manifest: ScenarioManifest };

/**
 * Compiles a validated scenario to a Standard state machine: one state per step where possible,
 * helper states only where Step Functions needs them (a Check before a Choice that reads profile
 * data, a Schedule before a Wait whose time depends on the profile), and no Pass states. Each step
 * kind compiles in a module of its own (steps/); states are built from the end backwards, so each
 * step knows the state that follows it.
 */
export function compileScenario(input: CompileInput): CompiledScenario {
  const builder = new ScenarioBuilder(input);
  const compileList = (
    nodes: readonly StepNode[],
    next: string | undefined,
    variant: string | undefined,
  ): string | undefined => {
    let following = next;
    for (const node of [...nodes].reverse())
      following = compileNode(node, { next: following, variant, builder, compileList });
    return following;
  };
  const compileNode = (node: StepNode, context: StepContext): string => {
    const entry = compileStep(node, context);
    builder.stepStates[node.id] =
      node.kind === 'exit' || node.kind === 'wait-for' || node.kind === 'send' ? node.name : entry;
    return entry;
  };

  const startAt = compileList(input.tree, undefined, undefined);
  if (startAt === undefined) throw new Error(`scenario ${input.scenario.id} has no steps`);
  const definition: StateMachine = {
    Comment: `Parcours scenario "${input.scenario.id}" (${input.scenario.name}), program ${input.scenario.program}`,
    StartAt: startAt,
    States: orderStates(builder.states, startAt),
  };
  const { holdout } = builder;
  return {
    definition,
    manifest: {
      scenario: input.scenario.id,
      buckets: [...builder.buckets].reverse(),
      outcomes: builder.outcomes,
      stepStates: builder.stepStates,
      defaultLabels: builder.defaultLabels,
      emits: builder.emits,
      assignments: { ...(holdout === undefined ? {} : { holdout }), splits: [...builder.splits].reverse() },
      version: createHash('sha256')
        .update(JSON.stringify(definition))
        .update(input.templatesDigest ?? '')
        .digest('hex')
        .slice(0, 12),
      eventFields: eventFieldsRead(input.scenario, input.tree),
      ...optionalInlineSend(inlineSendOf(definition)),
    },
  };
}

/** The first state of a step, by its kind. */
function compileStep(node: StepNode, context: StepContext): string {
  switch (node.kind) {
    case 'wait':
      return compileWait(node, context);
    case 'send':
      return compileSend(node, context);
    case 'branch':
      return compileBranch(node, context);
    case 'split':
      return compileSplit(node, context);
    case 'holdout':
      return compileHoldout(node, context);
    case 'wait-for':
      return compileWaitFor(node, context);
    case 'update-profile':
      return compileUpdateProfile(node, context);
    case 'emit':
      return compileEmit(node, context);
    case 'webhook':
      return compileWebhook(node, context);
    case 'exit':
      return compileExit(node, context);
    default:
      return assertUnreachable(node);
  }
}

function optionalInlineSend(parameters: Record<string, string> | undefined) {
  return parameters === undefined ? {} : { inlineSend: parameters };
}

/** States were added from the end backwards; list them in the order a reader follows them. */
function orderStates(states: Record<string, State>, startAt: string): Record<string, State> {
  const ordered: Record<string, State> = {};
  const visit = (name: string): void => {
    const state = states[name];
    if (state === undefined || name in ordered) return;
    ordered[name] = state;
    const nextNames: string[] = [];
    if (state.Type === 'Choice') nextNames.push(...state.Choices.map((rule) => rule.Next), state.Default);
    if (state.Type !== 'Choice' && state.Type !== 'Succeed') {
      if (state.Next !== undefined) nextNames.push(state.Next);
      if (state.Type === 'Task') nextNames.push(...(state.Catch ?? []).map((catcher) => catcher.Next));
    }
    for (const next of nextNames) visit(next);
  };
  visit(startAt);
  for (const [name, state] of Object.entries(states)) if (!(name in ordered)) ordered[name] = state;
  return ordered;
}
