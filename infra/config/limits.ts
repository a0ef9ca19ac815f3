import type { ProjectScenario } from '../../state-machines/compile-project.ts';
import type { DeployConfig } from './deploy-config.ts';

/** Lambda's limit on all of a function's environment variables together, keys and values. */
const LAMBDA_ENVIRONMENT_BYTES = 4096;
/** What entry's other variables take at most: NODE_OPTIONS, PARCOURS_BUNDLE, TABLE_NAME. */
const OTHER_ENTRY_VARIABLES_BYTES = 300;

/**
 * AWS limits the project would exceed only at deploy time, checked at synth instead. The entry
 * function learns each scenario's alias ARN from STATE_MACHINES, so the number of scenarios is
 * bounded by Lambda's 4 KB environment.
 */
export function checkLimits(config: DeployConfig, scenarios: readonly ProjectScenario[]): string[] {
  // The longest partition ("aws-us-gov") stands in for the one CloudFormation resolves.
  const aliasArn = (id: string) =>
    `arn:aws-us-gov:states:${config.region}:${config.account}:stateMachine:${config.stackName}-${id}:live`;
  const stateMachines = JSON.stringify(
    Object.fromEntries(scenarios.map(({ scenario }) => [scenario.id, aliasArn(scenario.id)])),
  );
  const bytes = 'STATE_MACHINES'.length + Buffer.byteLength(stateMachines) + OTHER_ENTRY_VARIABLES_BYTES;
  return bytes > LAMBDA_ENVIRONMENT_BYTES
    ? [
        `${scenarios.length} scenarios make the entry function's STATE_MACHINES variable ${Buffer.byteLength(stateMachines)} bytes: with its other variables that is over Lambda's ${LAMBDA_ENVIRONMENT_BYTES}-byte environment limit (deploy them as two stacks with different "parcours:stackName" and "parcours:projectDir")`,
      ]
    : [];
}
