import type { RuntimeBundle } from '../../../language/runtime-bundle.ts';
import type { ReportContext } from '../../../shared/outcomes/report/build-outcome-report.ts';
import { SINCE_THE_START } from '../../../shared/outcomes/report-queries.ts';

/** The outcome report's view of the project, from what the runtime bundle holds. */
export function reportContext(
  bundle: Pick<RuntimeBundle, 'config' | 'programs'>,
  scenarios: readonly { readonly scenario: { readonly id: string; readonly program: string } }[],
): ReportContext {
  return {
    // The console counts every journey kept.
    since: SINCE_THE_START,
    currency: bundle.config.currency,
    programs: bundle.programs.programs,
    scenarios: Object.fromEntries(scenarios.map(({ scenario }) => [scenario.id, scenario.program])),
  };
}
