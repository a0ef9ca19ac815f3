/**
 * How a retired scenario version is found in a runtime bundle: by scenario and version. Apart
 * from the bundle's schema, so the functions that look versions up do not construct it at cold
 * start.
 */
export function retiredKey(scenario: string, version: string): string {
  return `${scenario}@${version}`;
}
