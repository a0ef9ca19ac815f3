import { AthenaClient } from '@aws-sdk/client-athena';
import { runAthenaQuery } from '../../shared/outcomes/athena-query.ts';
import { outcomeResourceNames } from '../../shared/outcomes/outcome-fact.ts';
import {
  type FigureWindow,
  type OutcomeFigures,
  type RunQuery,
  readOutcomeFigures,
} from '../../shared/outcomes/report-queries.ts';

/**
 * The outcome SQL files, run by Athena in a deployed stack's workgroup over its Glue table, with
 * the caller's own credentials (the stack's ReportReader or ConsoleReader policy).
 */
export function athenaQueries(
  client: AthenaClient,
  stackName: string,
  sleep: (ms: number) => Promise<void>,
): RunQuery {
  const { database, workGroup } = outcomeResourceNames(stackName);
  return async (sql, parameters) => {
    const { rows } = await runAthenaQuery(client, { sql, parameters, workGroup, database }, { sleep });
    return rows;
  };
}

/** Time passing for real: how a command waits between polls of a query. */
export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The report's figures from a deployed stack: the same SQL files as the local report. */
export async function athenaFigures(stackName: string, window: FigureWindow): Promise<OutcomeFigures> {
  const client = new AthenaClient({});
  try {
    return await readOutcomeFigures(athenaQueries(client, stackName, realSleep), window);
  } finally {
    client.destroy();
  }
}
