import type { ParcoursConfig } from '../../language/config.ts';
import type { Finding } from './check-context.ts';
import { valueAt } from './schema-issues.ts';
import { didYouMean } from './suggest.ts';

/** The keys whose value names something parcours.config.yaml declares, and where it declares them. */
const DECLARED: Readonly<Record<string, (config: ParcoursConfig) => string[]>> = {
  aggregate: (config) => Object.keys(config.aggregates),
  segment: (config) => Object.keys(config.segments),
};

/**
 * A name the schema refuses outright (`ordersCount`: names are lower case) is still most likely
 * one the config declares: say which, as the reference checks do for a name that is merely unknown.
 */
export function withNameHints(
  findings: readonly Finding[],
  data: unknown,
  config: ParcoursConfig,
): Finding[] {
  return findings.map((finding) => {
    const key = finding.path.at(-1);
    const declared = typeof key === 'string' ? DECLARED[key] : undefined;
    const value = valueAt(data, finding.path);
    if (declared === undefined || typeof value !== 'string' || finding.message.includes('did you mean'))
      return finding;
    const known = declared(config);
    if (known.includes(value)) return finding;
    return { ...finding, message: `${finding.message}${didYouMean(value, known)}` };
  });
}
