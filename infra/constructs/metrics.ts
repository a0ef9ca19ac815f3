import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE } from '../../shared/observability/metrics.ts';

/**
 * The metrics the functions publish (Powertools EMF), with the dimension sets they actually carry:
 * Powertools adds `service` to every set, and recordSendOutcome publishes a set by step and one
 * by reason, both with the scenario (shared/observability/metrics.ts). A SEARCH matches one set
 * exactly, so these must stay what the functions publish (tests/unit/observability checks it).
 */
export const DIMENSIONS = {
  /** MessagesSent, MessagesSkipped, SendsDeferred, SendFailures, SendsUncertain (services "send" and "deliver"). */
  sendStep: ['channel', 'scenario', 'service', 'step'],
  /** MessagesSkipped, SendsDeferred, SendFailures by reason (services "send" and "deliver"). */
  sendReason: ['reason', 'scenario', 'service'],
  /** JourneysStarted (service "ingest", which starts the journeys an event triggers; "deliver", "sweep"). */
  entry: ['scenario', 'service'],
  /** EntriesSkipped (services "ingest", "deliver" and "sweep"). */
  entrySkip: ['reason', 'scenario', 'service'],
  /** Conversions and ConversionRevenue (services "ingest" and "sweep"), in the project currency. */
  conversion: ['program', 'scenario', 'service'],
} as const;

export const DASHBOARD_PERIOD = Duration.hours(1);

/** A CloudWatch SEARCH over Parcours' metrics with exactly these dimensions. */
export function searchExpression(
  metricName: string,
  dimensions: readonly string[],
  filter: string,
  period: Duration = DASHBOARD_PERIOD,
): string {
  const schema = [METRICS_NAMESPACE, ...dimensions].join(',');
  const query = [`{${schema}}`, `MetricName="${metricName}"`, filter].filter((part) => part !== '').join(' ');
  return `SEARCH('${query}', 'Sum', ${period.toSeconds()})`;
}

/** `(scenario="a" OR scenario="b")`: scenario ids are lower-case names, safe inside the query. */
export function scenarioFilter(scenarioIds: readonly string[]): string {
  return `(${scenarioIds.map((id) => `scenario="${id}"`).join(' OR ')})`;
}

/**
 * One series per dimension combination found, for a dashboard graph, each labelled with the
 * values of `labelBy` (a CloudWatch dynamic label; a fixed label would name every series alike).
 */
export function searchSeries(
  metricName: string,
  dimensions: readonly string[],
  filter: string,
  labelBy: readonly string[],
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: searchExpression(metricName, dimensions, filter),
    usingMetrics: {},
    label: labelBy.map((dimension) => `\${PROP('Dim.${dimension}')}`).join(' '),
    period: DASHBOARD_PERIOD,
  });
}

/** The sum of every series a search finds, as one line. */
export function searchTotal(
  metricName: string,
  dimensions: readonly string[],
  filter: string,
  label: string,
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SUM(${searchExpression(metricName, dimensions, filter)})`,
    usingMetrics: {},
    label,
    period: DASHBOARD_PERIOD,
  });
}

/**
 * A Metrics Insights query summing one metric of one scenario over all its steps and channels.
 * Alarms cannot use SEARCH, but they can use Metrics Insights, which needs no list of steps.
 */
export function scenarioSendQuery(
  metricName: string,
  scenarioId: string,
  period: Duration,
): cloudwatch.MathExpression {
  const schema = [`"${METRICS_NAMESPACE}"`, ...DIMENSIONS.sendStep].join(', ');
  return new cloudwatch.MathExpression({
    expression: `SELECT SUM(${metricName}) FROM SCHEMA(${schema}) WHERE scenario = '${scenarioId}'`,
    usingMetrics: {},
    label: `${metricName} ${scenarioId}`,
    period,
  });
}
