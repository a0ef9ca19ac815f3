import { createHash } from 'node:crypto';

const MAX_NAME = 80;

/**
 * A deterministic execution name: the same delivery always gets the same name, so StartExecution
 * refuses a second journey for it; and it starts with the profile id, so a marketer finds
 * "customer 42's journeys" by typing 42 in the console's search.
 *
 * Where the name shows the profile id only in part (characters replaced, or cut), the digest also
 * covers the id: `jane doe` and `jane-doe`, or two long ids alike in their first 50 characters,
 * with the same event id (ids a `simulate` file chose) otherwise got one name, the second journey
 * was taken for the first's and never ran, and their facts merged. A name that shows the whole id
 * keeps the digest it always had, so no journey in flight changes its name.
 */
export function executionName(
  profileId: string,
  scenario: string,
  journeyKey: string,
  eventId: string,
): string {
  const scenarioPart = scenarioPartOf(scenario);
  const shown = shownId(profileId, scenarioPart);
  const digested = shown === profileId ? '' : `\n${profileId}`;
  const digest = createHash('sha256')
    .update(`${scenario}\n${journeyKey}\n${eventId}${digested}`)
    .digest('hex')
    .slice(0, DIGEST_LENGTH);
  return `${shown}_${scenarioPart}_${digest}`;
}

const DIGEST_LENGTH = 12;

/**
 * Whether the name shows the whole profile id. Names of the others changed once (their digest
 * took in the id): a journey started before that keeps its name when its event comes again.
 */
export function showsWholeId(profileId: string, scenario: string): boolean {
  return shownId(profileId, scenarioPartOf(scenario)) === profileId;
}

function scenarioPartOf(scenario: string): string {
  return sanitize(scenario).slice(0, 24);
}

function shownId(profileId: string, scenarioPart: string): string {
  return sanitize(profileId).slice(0, MAX_NAME - scenarioPart.length - DIGEST_LENGTH - 2);
}

/** Step Functions names allow letters, digits, "-", "_" and a few others; keep to the safe ones. */
function sanitize(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '-');
}
