/** Where the scenario id goes in the ingest function's STATE_MACHINE_ALIAS_ARN. */
export const SCENARIO_PLACEHOLDER = '{scenario}';

/**
 * The ARN of a scenario's `live` alias, from the deployment's template (every state machine is
 * named after its stack and scenario). A template rather than a map of every alias, so the
 * ingest function's environment stays the same size however many scenarios a stack holds.
 */
export function aliasArnOf(template: string, scenario: string): string {
  return template.replaceAll(SCENARIO_PLACEHOLDER, scenario);
}
