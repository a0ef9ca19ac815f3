import { PARCOURS_SOURCES } from '../../language/sources.ts';
import type { KnownDetail } from './validate-envelope.ts';

/** The fields of `profile.updated` that only trusted sources may change. */
const GUARDED_PROFILE_FIELDS = ['email', 'phone', 'pushTokens', 'timeZone', 'locale'] as const;

/**
 * Why the event's source may not make the change it asks for, or undefined when it may. Consent
 * and contact data decide who receives what, so a forged or misconfigured source must not change
 * them; traits and app events from any source are accepted.
 */
export function untrustedChange(
  known: KnownDetail | undefined,
  source: string,
  trusted: readonly string[],
): string | undefined {
  if (known === undefined) return undefined;
  // Listed or not: a list without it threw away every unsubscribe the endpoint had confirmed.
  if (source === PARCOURS_SOURCES.unsubscribe) return unsubscribeProblem(known);
  if (trusted.includes(source)) return undefined;
  const fields = guardedFields(known);
  if (fields.length === 0) return undefined;
  const allowed = trusted.length === 0 ? 'none' : trusted.map((name) => `"${name}"`).join(', ');
  return (
    `${fields.join(', ')}: source "${source}" may not change consent or contact data ` +
    `(trusted-sources in parcours.config.yaml: ${allowed})`
  );
}

function guardedFields(known: KnownDetail): string[] {
  switch (known.type) {
    case 'subscription.changed':
      return ['detail.status'];
    case 'profile.updated':
      return GUARDED_PROFILE_FIELDS.filter((field) => known.detail[field] !== undefined).map(
        (field) => `detail.${field}`,
      );
  }
}

/**
 * The unsubscribe endpoint only ever opts a customer out, and any app allowed to publish on the
 * bus can write its source: whatever `trusted-sources` lists, it may opt customers out and nothing
 * more, so a forged event under it cannot undo an unsubscribe, and the opt-out the endpoint
 * confirmed to the customer is always kept. Re-subscribing comes from a source of the
 * team's own in `trusted-sources`.
 */
function unsubscribeProblem(known: KnownDetail): string | undefined {
  if (known.type === 'subscription.changed' && known.detail.status === 'opted-out') return undefined;
  const fields = guardedFields(known);
  if (fields.length === 0) return undefined;
  return `${fields.join(', ')}: source "${PARCOURS_SOURCES.unsubscribe}" only opts customers out; an opt-in or contact data must come from another source in trusted-sources`;
}
