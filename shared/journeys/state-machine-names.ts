/**
 * What a deployment names each scenario's state machine and its execution log group: the stack
 * creates them under these names, and the console finds them by the same ones.
 */

/** What marketers see in the Step Functions console: at most 30 + 1 + 48 of the 80 characters allowed. */
export function journeyStateMachineName(stackName: string, scenarioId: string): string {
  return `${stackName}-${scenarioId}`;
}

/**
 * Step Functions writes through CloudWatch Logs vended delivery; this prefix keeps the account's
 * log resource policy from growing with every state machine.
 */
export function journeyLogGroupName(stackName: string, scenarioId: string): string {
  return `/aws/vendedlogs/states/${journeyStateMachineName(stackName, scenarioId)}`;
}

/** Step Functions takes a version's description of at most 256 characters. */
const MAX_NAME_IN_DESCRIPTION = 150;

/** Ties a published state machine version to the scenario version (manifest digest) it runs. */
export function versionDescription(scenarioName: string, version: string): string {
  const name =
    scenarioName.length > MAX_NAME_IN_DESCRIPTION
      ? `${scenarioName.slice(0, MAX_NAME_IN_DESCRIPTION)}…`
      : scenarioName;
  return `${name}, version ${version}: published by the Parcours deploy`;
}

/** The scenario version a state machine version's description names, if it names one. */
export function versionOfDescription(description: string | undefined): string | undefined {
  return description?.match(/, version ([0-9a-z]+): published by the Parcours deploy$/)?.[1];
}
