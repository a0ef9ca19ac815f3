import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProjectScenario } from '../../state-machines/compile-project.ts';
import type { Project } from '../../state-machines/validation/validate-project.ts';
import { writeRuntimeBundle } from '../bundle/runtime-bundle-file.ts';
import { type DeployConfig, DeployConfigError, parseDeployConfig } from './deploy-config.ts';
import { type MessagingPlan, planMessaging } from './messaging-plan.ts';
import { loadDeployableProject } from './project.ts';

/** The repository root: the functions' entries, and node_modules and tsconfig esbuild bundles them with. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Everything the stack is built from, validated before any construct exists. */
export type Deployment = {
  readonly config: DeployConfig;
  readonly project: Project;
  readonly scenarios: readonly ProjectScenario[];
  readonly messaging: MessagingPlan;
  /** The runtime bundle written for this synth, copied into each function's asset. */
  readonly runtimeBundlePath: string;
  readonly projectRoot: string;
};

export type PrepareOptions = {
  /** The app's context (cdk.json and `-c`): only `parcours:` keys are read. */
  readonly context: Readonly<Record<string, unknown>>;
  /** Where the runtime bundle is written, e.g. inside the cloud assembly directory. */
  readonly bundleDir: string;
  /** @default PROJECT_ROOT */
  readonly projectRoot?: string;
};

/**
 * Validates the deployment settings and the project, compiles the scenarios and writes the
 * runtime bundle. Every problem found is reported in one DeployConfigError, before synthesis.
 */
export async function prepareDeployment(options: PrepareOptions): Promise<Deployment> {
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  const config = parseDeployConfig(options.context);
  const projectDir = isAbsolute(config.projectDir) ? config.projectDir : join(projectRoot, config.projectDir);
  const { project, scenarios } = await loadDeployableProject(projectDir);
  const { plan, problems } = planMessaging(project, scenarios, config);
  if (problems.length > 0) throw new DeployConfigError(problems);
  const runtimeBundlePath = await writeRuntimeBundle(project, scenarios, options.bundleDir);
  return { config, project, scenarios, messaging: plan, runtimeBundlePath, projectRoot };
}
