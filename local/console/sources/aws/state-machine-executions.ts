import {
  DescribeStateMachineCommand,
  type ExecutionListItem,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  type SFNClient,
  type ExecutionStatus as StepFunctionsStatus,
} from '@aws-sdk/client-sfn';
import type { JourneyRecord } from '../../../../shared/journeys/journey-store.ts';
import { versionOfDescription } from '../../../../shared/journeys/state-machine-names.ts';
import type { ExecutionRecord, ExecutionStatus } from '../../../runtime/execution-record.ts';

/** The most ListExecutions and GetExecutionHistory hand back in one page. */
const PAGE = 1000;

/** Every execution of a state machine Step Functions still lists (ended ones for 90 days). */
export async function listExecutions(sfn: SFNClient, stateMachineArn: string): Promise<ExecutionListItem[]> {
  const executions: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: PAGE, nextToken }));
    executions.push(...(page.executions ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return executions;
}

/**
 * The scenario version each published state machine version runs, from the description the deploy
 * gives it; `v3` for a version published before descriptions named it.
 */
export async function versionNames(
  sfn: SFNClient,
  versionArns: Iterable<string>,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const arn of versionArns) {
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    names.set(arn, versionOfDescription(described.description) ?? `v${arn.split(':').at(-1) ?? '?'}`);
  }
  return names;
}

/** One journey as the trace shows it, from its execution's history; undefined once Step Functions dropped it. */
export async function executionRecordOf(
  sfn: SFNClient,
  executionArn: string,
  journey: JourneyRecord,
): Promise<ExecutionRecord | undefined> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await sfn.send(
        new GetExecutionHistoryCommand({
          executionArn,
          maxResults: PAGE,
          nextToken,
          includeExecutionData: false,
        }),
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
  } catch (error) {
    if (error instanceof Error && error.name === 'ExecutionDoesNotExist') return undefined;
    throw error;
  }
  const states = events.flatMap((event) => {
    const name = event.stateEnteredEventDetails?.name;
    return name === undefined || event.timestamp === undefined
      ? []
      : [{ name, at: event.timestamp.toISOString() }];
  });
  const last = events.at(-1);
  const status = statusOf(last?.type, journey);
  const failure = events.find(
    (event) => event.executionFailedEventDetails !== undefined,
  )?.executionFailedEventDetails;
  return {
    name: journey.execution,
    scenario: journey.scenario,
    profileId: journey.profileId,
    ...(journey.version === undefined ? {} : { version: journey.version }),
    status,
    startedAt: events[0]?.timestamp?.toISOString() ?? journey.enteredAt,
    ...(status === 'running' || last?.timestamp === undefined
      ? {}
      : { endedAt: last.timestamp.toISOString() }),
    states,
    ...(failure === undefined
      ? {}
      : { error: [failure.error, failure.cause].filter((part) => part !== undefined).join(': ') }),
  };
}

/**
 * How a journey ended, in the words the local platform uses: Step Functions only says it
 * succeeded, and the journey record says whether it converted or was held out.
 */
function statusOf(lastEvent: HistoryEvent['type'], journey: JourneyRecord): ExecutionStatus {
  switch (lastEvent) {
    case 'ExecutionSucceeded':
      if (journey.convertedAt !== undefined) return 'converted';
      return journey.group === 'treatment' ? 'completed' : 'held-out';
    case 'ExecutionFailed':
    case 'ExecutionTimedOut':
      return 'failed';
    case 'ExecutionAborted':
      return 'interrupted';
    default:
      return 'running';
  }
}

/**
 * A listed execution's status in the local platform's words, as far as Step Functions tells: it
 * says an execution succeeded, not whether it converted or was held out (its customer's page does).
 */
export function listedStatus(status: StepFunctionsStatus | undefined): string {
  switch (status) {
    case 'RUNNING':
    case 'PENDING_REDRIVE':
      return 'running';
    case 'SUCCEEDED':
      return 'ended';
    case 'FAILED':
    case 'TIMED_OUT':
      return 'failed';
    case 'ABORTED':
      return 'interrupted';
    default:
      return 'unknown';
  }
}
