import type { ParcoursConfig } from '../../language/config.ts';
import type { Programs } from '../../language/programs.ts';
import type { Scenario } from '../../language/scenario.ts';
import type { StepNode } from '../model/step-tree.ts';
import type { Template } from '../project/template-files.ts';
import type { PathSegment } from './violation.ts';

/** What a scenario check sees: the scenario, its steps as a tree, and the project around it. */
export type ScenarioCheckContext = {
  readonly scenario: Scenario;
  readonly tree: readonly StepNode[];
  readonly config: ParcoursConfig;
  readonly programs: Programs;
  readonly templates: ReadonlyMap<string, Template>;
};

export type Finding = { readonly path: readonly PathSegment[]; readonly message: string };

/** A scenario check is a pure function from the scenario and its project to findings. */
export type ScenarioCheck = (context: ScenarioCheckContext) => Finding[];
