import { DEFAULT_LOCALE } from '../../language/templates/default-locale.ts';

/**
 * The variant a customer gets: their exact locale (fr-CA), else its language (fr), else the
 * default file. Profiles come from many systems, so "fr_ca" and "FR-ca" count as "fr-CA".
 */
export function pickLocale(available: readonly string[], requested: string | undefined): string | undefined {
  const candidates: string[] = [];
  const [language, region] = (requested ?? '').trim().replace('_', '-').split('-');
  if (language !== undefined && language !== '') {
    const lower = language.toLowerCase();
    if (region !== undefined && region !== '') candidates.push(`${lower}-${region.toUpperCase()}`);
    candidates.push(lower);
  }
  candidates.push(DEFAULT_LOCALE);
  return candidates.find((locale) => available.includes(locale));
}
