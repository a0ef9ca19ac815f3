import type { RuntimeBundle } from '../../../language/runtime-bundle.ts';
import type { ReportContext } from '../../../shared/outcomes/report/build-outcome-report.ts';

/** Before any journey: the console counts every journey kept. */
export const EVERY_JOURNEY = '1970-01-01T00:00:00.000Z';

/** The outcome report's view of the project, from what the runtime bundle holds. */
export function reportContext(
  bundle: Pick<RuntimeBundle, 'config' | 'programs'>,
  scenarios: readonly { readonly scenario: { readonly id: string; readonly program: string } }[],
): ReportContext {
  return {
    since: EVERY_JOURNEY,
    currency: bundle.config.currency,
    programs: bundle.programs.programs,
    scenarios: Object.fromEntries(scenarios.map(({ scenario }) => [scenario.id, scenario.program])),
  };
}
