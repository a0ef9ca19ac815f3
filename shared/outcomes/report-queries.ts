import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Runs one of the report's SQL files with its `?` parameters: DuckDB locally, Athena on AWS.
 * Rows come back as plain values (DuckDB) or strings (Athena): the schemas below coerce both.
 */
export type RunQuery = (
  sql: string,
  parameters: readonly string[],
) => Promise<readonly Record<string, unknown>[]>;

export const QUERY_NAMES = ['groups', 'variants', 'programs', 'steps', 'deliveries'] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

/** The SQL of one report query, as shipped in shared/outcomes/sql/. */
export function querySql(name: QueryName): string {
  return readFileSync(new URL(`./sql/${name}.sql`, import.meta.url), 'utf8');
}

const Count = z.coerce.number().int().min(0);
const Amount = z.coerce.number().finite();
const Text = z.string();
const OptionalText = z
  .string()
  .nullable()
  .transform((value) => value ?? '');

/** Entrants of one group, with conversions and revenue (sum and sum of squares, for intervals). */
export const GroupFigures = z.object({
  entered: Count,
  converted: Count,
  revenue: Amount.nullable().transform((value) => value ?? 0),
  revenue_squares: Amount.nullable().transform((value) => value ?? 0),
});
export type GroupFigures = z.infer<typeof GroupFigures>;

export const ScenarioGroupRow = GroupFigures.extend({ scenario: Text, grp: Text, other_currency: Count });
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
  revenue: Amount.nullable().transform((value) => value ?? 0),
});
export type DeliveryRow = z.infer<typeof DeliveryRow>;

/** What the SQL files answer, before any statistics. */
export type OutcomeFigures = {
  readonly groups: readonly ScenarioGroupRow[];
  readonly variants: readonly VariantRow[];
  readonly programs: readonly ProgramRow[];
  readonly steps: readonly StepRow[];
  readonly deliveries: readonly DeliveryRow[];
};

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
    groups: await rows('groups', [since, currency, currency], ScenarioGroupRow),
    variants: await rows('variants', [since, currency], VariantRow),
    programs: await rows('programs', [since, currency], ProgramRow),
    steps: await rows('steps', [since], StepRow),
    deliveries: await rows('deliveries', [since, currency], DeliveryRow),
  };
}
