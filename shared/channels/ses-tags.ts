/**
 * SES accepts message tag names and values made only of ASCII letters, digits, `_` and `-`, at
 * most 256 characters, and rejects the whole send otherwise. Scenario and step ids are ours but
 * variants and profile ids come from users, so every tag is cleaned rather than trusted.
 */
const DISALLOWED = /[^A-Za-z0-9_-]/g;
const MAX_LENGTH = 256;

export function sanitiseSesTagPart(raw: string): string {
  return raw.replace(DISALLOWED, '_').slice(0, MAX_LENGTH);
}

/** Cleans names and values; a tag left empty is dropped, because SES refuses empty ones. */
export function sanitiseSesTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(tags)) {
    const cleanName = sanitiseSesTagPart(name);
    const cleanValue = sanitiseSesTagPart(value);
    if (cleanName !== '' && cleanValue !== '') clean[cleanName] = cleanValue;
  }
  return clean;
}
