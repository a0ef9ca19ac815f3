import type { ItemStore } from '../../shared/store/item-store.ts';
import { keys } from '../../shared/store/keys.ts';
import { ExecutionRecord } from './execution-record.ts';

const PREFIX = 'LOCAL-EXECUTION#';

/**
 * The local platform keeps its executions beside the customer's other items, where AWS keeps them
 * in Step Functions: a trace is still one Query, and a restart finds the journeys to resume.
 */
export async function saveExecution(store: ItemStore, record: ExecutionRecord): Promise<void> {
  await store.put({ ...record, pk: keys.profile(record.profileId).pk, sk: `${PREFIX}${record.name}` });
}

export async function executionsOf(store: ItemStore, profileId: string): Promise<ExecutionRecord[]> {
  const items = await store.query(keys.profile(profileId).pk, { prefix: PREFIX });
  return items
    .map((item) => ExecutionRecord.parse(item))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** Every execution of the data folder. */
export async function allExecutions(store: ItemStore): Promise<ExecutionRecord[]> {
  const items = await store.scan({ sortKeyPrefix: PREFIX });
  return items
    .map((item) => ExecutionRecord.parse(item))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
