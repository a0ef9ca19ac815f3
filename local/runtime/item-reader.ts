import * as z from 'zod';
import type { TakenAudienceFiles } from '../../shared/broadcasts/audience-files.ts';
import type { LocalFunction } from './execution-runner.ts';

/** What the local item reader Task passes (see inlineDistributedMap in local-definition.ts). */
const ItemReaderInput = z.object({
  reader: z.object({ Bucket: z.string(), Key: z.string() }),
  /** ItemSelector fields from the state input, already evaluated by the engine. */
  fromInput: z.record(z.string(), z.unknown()),
  /** ItemSelector fields from the item: field name to the item's field. */
  fromItem: z.record(z.string(), z.string()),
  batchSize: z.optional(z.number().int().positive()),
});

/**
 * Reads a Distributed Map's JSON Lines file from the local audience files, selects each item's
 * fields as the ItemSelector says and batches them as the ItemBatcher does (`{ Items: [...] }`).
 * A line that is not JSON is named by file and line. The file is forgotten once read, as S3's
 * lifecycle would in time: a backtest of a year of newsletters holds no year of audiences.
 */
export function localItemReader(files: Pick<TakenAudienceFiles, 'take'>): LocalFunction {
  return async (input) => {
    const { reader, fromInput, fromItem, batchSize } = ItemReaderInput.parse(input);
    const lines = await files.take(reader.Key);
    const items = lines.map((line, index) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new Error(`${reader.Key}:${index + 1}: not a JSON line`);
      }
      const selected: Record<string, unknown> = { ...fromInput };
      for (const [field, path] of Object.entries(fromItem)) {
        selected[field] =
          path === ''
            ? value
            : typeof value === 'object' && value !== null
              ? Reflect.get(value, path)
              : undefined;
      }
      return selected;
    });
    if (batchSize === undefined) return items;
    const batches: { Items: unknown[] }[] = [];
    for (let start = 0; start < items.length; start += batchSize)
      batches.push({ Items: items.slice(start, start + batchSize) });
    return batches;
  };
}
