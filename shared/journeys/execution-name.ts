import { createHash } from 'node:crypto';

const MAX_NAME = 80;

/**
 * A deterministic execution name: the same delivery always gets the same name, so StartExecution
 * refuses a second journey for it; and it starts with the profile id, so a marketer finds
 * "customer 42's journeys" by typing 42 in the console's search.
 */
export function executionName(
  profileId: string,
  scenario: string,
  journeyKey: string,
  eventId: string,
): string {
  const digest = createHash('sha256')
    .update(`${scenario}\n${journeyKey}\n${eventId}`)
    .digest('hex')
    .slice(0, 12);
  const scenarioPart = sanitize(scenario).slice(0, 24);
  const room = MAX_NAME - scenarioPart.length - digest.length - 2;
  return `${sanitize(profileId).slice(0, room)}_${scenarioPart}_${digest}`;
}

/** Step Functions names allow letters, digits, "-", "_" and a few others; keep to the safe ones. */
function sanitize(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '-');
}
