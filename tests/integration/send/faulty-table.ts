import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys, SORT_PREFIX } from '../../../shared/store/keys.ts';
import { openTable, type Table } from '../../../shared/store/table.ts';
import type { LocalDynamo } from '../../helpers/dynalite.ts';

/** When an injected store fault strikes: before the write reaches the store, or after it did. */
export type FaultTiming = 'before-write' | 'after-write';

type WriteInput = {
  Item?: Record<string, unknown>;
  Key?: Record<string, unknown>;
  UpdateExpression?: string;
  ConditionExpression?: string;
};

type Command = { readonly input: WriteInput };

function sortKeyOfWrite(command: Command): string | undefined {
  const isWrite =
    command instanceof PutCommand || command instanceof UpdateCommand || command instanceof DeleteCommand;
  const sortKey = command.input.Item?.sk ?? command.input.Key?.sk;
  return isWrite && typeof sortKey === 'string' ? sortKey : undefined;
}

/** A write to the send ledger: the claim, the call-started mark, an outcome, a release. */
export function isLedgerWrite(command: Command): boolean {
  return sortKeyOfWrite(command)?.startsWith(SORT_PREFIX.ledger) === true;
}

/** A write of the customer's frequency-cap item: a reservation or a release. */
export function isCapWrite(command: Command): boolean {
  return sortKeyOfWrite(command) === keys.caps('any').sk;
}

/** What a selected write did, in words a test can compare: `put sending`, `update`, `delete`. */
function describeWrite(command: Command): string {
  if (command instanceof PutCommand) return `put ${String(command.input.Item?.outcome ?? '?')}`;
  if (command instanceof UpdateCommand) return 'update';
  if (command instanceof DeleteCommand) return 'delete';
  return 'other';
}

/**
 * The same dynalite table behind a document client that fails the `nth` write (1-based) picked by
 * `selects`, and, with `outage`, every such write after it: an invocation that dies there.
 * `writes` counts the selected writes tried, struck or not; `written` describes them in order.
 */
export function faultyTable(
  dynamo: LocalDynamo,
  fault: {
    readonly nth: number;
    readonly timing: FaultTiming;
    readonly selects?: (command: Command) => boolean;
    readonly outage?: boolean;
  },
): Table & {
  readonly faults: () => number;
  readonly writes: () => number;
  readonly written: () => readonly string[];
} {
  const healthy = openTable(dynamo.client, dynamo.table.name);
  const selects = fault.selects ?? isLedgerWrite;
  let seen = 0;
  let faults = 0;
  const described: string[] = [];
  const documents = Object.create(healthy.documents, {
    send: {
      value: async (command: Command) => {
        if (!selects(command)) return healthy.documents.send(command as never);
        seen += 1;
        described.push(describeWrite(command));
        const strikes = seen === fault.nth || (fault.outage === true && seen > fault.nth);
        if (!strikes) return healthy.documents.send(command as never);
        faults += 1;
        if (fault.timing === 'after-write') await healthy.documents.send(command as never);
        throw Object.assign(new Error('injected store fault'), { name: 'InternalServerError' });
      },
    },
  });
  return {
    name: healthy.name,
    documents,
    faults: () => faults,
    writes: () => seen,
    written: () => [...described],
  };
}
