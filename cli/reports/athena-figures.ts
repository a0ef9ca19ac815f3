import { AthenaClient } from '@aws-sdk/client-athena';
import { runAthenaQuery } from '../../shared/outcomes/athena-query.ts';
import { outcomeResourceNames } from '../../shared/outcomes/outcome-fact.ts';
import {
  type FigureWindow,
  type OutcomeFigures,
  readOutcomeFigures,
} from '../../shared/outcomes/report-queries.ts';

/**
 * The report's figures from a deployed stack: the same SQL files, run by Athena in the stack's
 * workgroup over its Glue table, with the caller's own credentials (the stack's ReportReader
 * policy is what they need).
 */
export async function athenaFigures(stackName: string, window: FigureWindow): Promise<OutcomeFigures> {
  const client = new AthenaClient({});
  const { database, workGroup } = outcomeResourceNames(stackName);
  try {
    return await readOutcomeFigures(async (sql, parameters) => {
      const { rows } = await runAthenaQuery(
        client,
        { sql, parameters, workGroup, database },
        { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
      );
      return rows;
    }, window);
  } finally {
    client.destroy();
  }
}
