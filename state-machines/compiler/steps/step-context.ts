import type { StepNode } from '../../model/step-tree.ts';
import type { CompileList, ScenarioBuilder } from '../scenario-builder.ts';

export type NodeOf<Kind extends StepNode['kind']> = Extract<StepNode, { kind: Kind }>;

/** Where a step is compiled: what follows it, the split variant it lies in, and the builder. */
export type StepContext = {
  readonly next: string | undefined;
  readonly variant: string | undefined;
  readonly builder: ScenarioBuilder;
  /** Compiles the steps a step holds (branch paths, split paths, wait-for outcomes). */
  readonly compileList: CompileList;
};

/** The variant a message-sending step passes on, so its ledger, facts and report name it. */
export function variantParameter(variant: string | undefined): { variant?: string } {
  return variant === undefined ? {} : { variant };
}
