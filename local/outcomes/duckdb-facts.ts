import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { FACTS_TABLE, OUTCOME_COLUMNS, PARTITION_COLUMN } from '../../shared/outcomes/outcome-fact.ts';
import type { RunQuery } from '../../shared/outcomes/report-queries.ts';

const DUCK_TYPES = { string: 'VARCHAR', double: 'DOUBLE' } as const;

/** The facts as DuckDB sees them: a query runner over the `outcome_facts` view, and its closing. */
export type DuckFacts = { readonly run: RunQuery; close(): void };

/**
 * Opens the JSON-lines facts under a folder (`dt=YYYY-MM-DD/*.jsonl`, as the local platform and
 * simulations write them) in an in-memory DuckDB, as a view named like the Glue table on AWS, so
 * the report's SQL files run unchanged. The columns are declared, not inferred, so a folder whose
 * facts never set a column still has it, with the type Athena gives it.
 */
export async function openDuckFacts(folder: string): Promise<DuckFacts> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const columns = OUTCOME_COLUMNS.map(({ name, type }) => `${name} ${DUCK_TYPES[type]}`);
  if (hasFacts(folder)) {
    const glob = join(folder, `${PARTITION_COLUMN}=*`, '*.jsonl').replaceAll("'", "''");
    const declared = OUTCOME_COLUMNS.map(({ name, type }) => `'${name}': '${DUCK_TYPES[type]}'`).join(', ');
    // A line a crash cut short (file-sink.ts) made every report fail; read as a row of nulls
    // instead, it has no id, which every fact has.
    await connection.run(
      `CREATE VIEW ${FACTS_TABLE} AS SELECT * FROM read_json('${glob}', format = 'newline_delimited', ` +
        `columns = {${declared}}, hive_partitioning = true, ignore_errors = true) WHERE id IS NOT NULL`,
    );
  } else {
    await connection.run(`CREATE TABLE ${FACTS_TABLE} (${columns.join(', ')}, ${PARTITION_COLUMN} VARCHAR)`);
  }
  return {
    run: async (sql, parameters) => {
      const reader = await connection.runAndReadAll(sql, [...parameters]);
      return reader.getRowObjectsJson();
    },
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** read_json refuses a glob that matches nothing: an empty folder is an empty table. */
function hasFacts(folder: string): boolean {
  if (!existsSync(folder)) return false;
  return readdirSync(folder, { withFileTypes: true }).some(
    (day) =>
      day.isDirectory() &&
      day.name.startsWith(`${PARTITION_COLUMN}=`) &&
      readdirSync(join(folder, day.name)).some((file) => file.endsWith('.jsonl')),
  );
}
