import { join } from 'node:path';
import { FileOutbox } from '../outbox/outbox.ts';

/** Where the dev server keeps each part of its data, relative to the data folder. */
export const DATA_FILES = { dynamo: 'dynamo', outbox: 'outbox.jsonl', outboxHtml: 'outbox-html' } as const;

/** The outbox of a data folder: apart from its store, so reading it loads no DynamoDB client. */
export function outboxOf(dataDir: string): FileOutbox {
  return new FileOutbox(join(dataDir, DATA_FILES.outbox), join(dataDir, DATA_FILES.outboxHtml));
}
