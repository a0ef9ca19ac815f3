import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { FactGroup } from './outcome-fact.ts';

/**
 * Runs one of the report's SQL files with its `?` parameters: DuckDB locally, Athena on AWS.
 * Rows come back as plain values (DuckDB) or strings (Athena): the schemas below coerce both.
 */
export type RunQuery = (
  sql: string,
  parameters: readonly string[],
) => Promise<readonly Record<string, unknown>[]>;

/** The report's queries; the console also reads `trend` and `conversions`. */
export const QUERY_NAMES = ['groups', 'programs', 'variants', 'steps', 'deliveries'] as const;
export type ReportQueryName = (typeof QUERY_NAMES)[number];
export type QueryName = ReportQueryName | 'trend' | 'conversions';

const sqlFile = (name: string): string => readFileSync(new URL(`./sql/${name}.sql`, import.meta.url), 'utf8');

/**
 * The SQL of one report query, as shipped in shared/outcomes/sql/, with the facts each reads once
 * (facts.sql) and the revenue each conversion counts (claims.sql) in place: written once, the same
 * for every query and both engines.
 */
export function querySql(name: QueryName): string {
  return sqlFile(name)
    .replace('AS (@facts)', `AS (\n${sqlFile('facts')}\n)`)
    .replace('AS (@claims)', `AS (\n${sqlFile('claims')}\n)`);
}

const Count = z.coerce.number().int().min(0);
/** A sum of no rows is NULL in SQL: none counts as 0. */
const Amount = z.coerce
  .number()
  .finite()
  .nullable()
  .transform((value) => value ?? 0);
const Text = z.string();
const OptionalText = z
  .string()
  .nullable()
  .transform((value) => value ?? '');

/** Entrants of one group, with conversions and revenue (sum and sum of squares, for intervals). */
export const GroupFigures = z.object({
  entered: Count,
  converted: Count,
  revenue: Amount,
  revenue_squares: Amount,
});
export type GroupFigures = z.infer<typeof GroupFigures>;

export const ScenarioGroupRow = GroupFigures.extend({
  scenario: Text,
  program: OptionalText,
  grp: Text,
  other_currency: Count,
});
export type ScenarioGroupRow = z.infer<typeof ScenarioGroupRow>;
export const VariantRow = GroupFigures.extend({ scenario: Text, step: Text, variant: Text });
export type VariantRow = z.infer<typeof VariantRow>;
export const ProgramRow = GroupFigures.extend({ program: OptionalText, grp: Text });
export type ProgramRow = z.infer<typeof ProgramRow>;
export const StepRow = z.object({
  scenario: Text,
  step: Text,
  channel: OptionalText,
  outcome: Text,
  reason: OptionalText,
  messages: Count,
});
export type StepRow = z.infer<typeof StepRow>;
export const DeliveryRow = z.object({
  scenario: Text,
  step: Text,
  measure: Text,
  total: Count,
  revenue: Amount,
});
export type DeliveryRow = z.infer<typeof DeliveryRow>;

/** A program's entrants of one group on one UTC day of entry, and how many of them converted. */
export const TrendRow = z.object({
  program: OptionalText,
  day: z.iso.date(),
  grp: FactGroup,
  entered: Count,
  converted: Count,
});
export type TrendRow = z.infer<typeof TrendRow>;

/** Each program's entrants and conversions per day of entry and group (trend.sql). */
export async function readTrend(run: RunQuery, since: string): Promise<TrendRow[]> {
  return z.array(TrendRow).parse(await run(querySql('trend'), [since]));
}

/** The executions of a scenario that converted (conversions.sql). */
export async function readConvertedExecutions(run: RunQuery, scenario: string): Promise<Set<string>> {
  const rows = z.array(z.object({ execution: Text })).parse(await run(querySql('conversions'), [scenario]));
  return new Set(rows.map((row) => row.execution));
}

/** What the SQL files answer, before any statistics. */
export type OutcomeFigures = {
  readonly groups: readonly ScenarioGroupRow[];
  readonly variants: readonly VariantRow[];
  readonly programs: readonly ProgramRow[];
  readonly steps: readonly StepRow[];
  readonly deliveries: readonly DeliveryRow[];
};

/** Before any journey: a window from here counts every journey kept. */
export const SINCE_THE_START = '1970-01-01T00:00:00.000Z';

export type FigureWindow = {
  /** Journeys entered at or after this moment (ISO 8601 UTC). */
  readonly since: string;
  /** The currency revenue is counted in (ISO 4217). */
  readonly currency: string;
};

/** Runs every report query; the same files whatever the engine. */
export async function readOutcomeFigures(run: RunQuery, window: FigureWindow): Promise<OutcomeFigures> {
  const { since, currency } = window;
  const rows = async <T>(name: QueryName, parameters: readonly string[], schema: z.ZodType<T>) =>
    z.array(schema).parse(await run(querySql(name), parameters));
  return {
    groups: await rows('groups', [since, currency, currency, currency], ScenarioGroupRow),
    programs: await rows('programs', [since, currency, currency], ProgramRow),
    variants: await rows('variants', [since, currency, currency], VariantRow),
    steps: await rows('steps', [since], StepRow),
    deliveries: await rows('deliveries', [since, currency, currency], DeliveryRow),
  };
}

/** The sum of groups' figures. */
export function sumFigures(rows: readonly GroupFigures[]): GroupFigures {
  return rows.reduce(
    (total, row) => ({
      entered: total.entered + row.entered,
      converted: total.converted + row.converted,
      revenue: total.revenue + row.revenue,
      revenue_squares: total.revenue_squares + row.revenue_squares,
    }),
    { entered: 0, converted: 0, revenue: 0, revenue_squares: 0 },
  );
}
