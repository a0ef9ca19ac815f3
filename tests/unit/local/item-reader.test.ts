import { describe, expect, it } from 'vitest';
import { localItemReader } from '../../../local/runtime/item-reader.ts';
import { memoryAudienceFiles } from '../../../shared/broadcasts/audience-files.ts';

describe('the local item reader (a Distributed Map’s ItemReader and ItemBatcher)', () => {
  it('selects each item’s fields as the ItemSelector says and batches them, then forgets the file', async () => {
    // Prepare: 5 recipients, batches of 2
    const files = memoryAudienceFiles();
    await files.write(
      'audiences/x/wave.jsonl',
      ['a', 'b', 'c', 'd', 'e'].map((profileId) => JSON.stringify({ profileId, ignored: true })),
    );
    const read = localItemReader(files);

    // Act
    const batches = await read({
      reader: { Bucket: 'local-audiences', Key: 'audiences/x/wave.jsonl' },
      fromInput: { at: '2027-01-04T09:00:00.000Z', ratePerSecond: 0 },
      fromItem: { profileId: 'profileId' },
      batchSize: 2,
    });

    // Assess
    expect(batches).toEqual([
      { Items: [item('a'), item('b')] },
      { Items: [item('c'), item('d')] },
      { Items: [item('e')] },
    ]);
    expect(files.keys()).toEqual([]);
  });

  it('names the file and line of a line that is not JSON, and a file that is not there', async () => {
    const files = memoryAudienceFiles();
    await files.write('wave.jsonl', ['{"profileId":"a"}', '{"profileId":']);
    const read = localItemReader(files);
    const input = (Key: string) => ({ reader: { Bucket: 'b', Key }, fromInput: {}, fromItem: {} });

    await expect(read(input('wave.jsonl'))).rejects.toThrow('wave.jsonl:2: not a JSON line');
    await expect(read(input('missing.jsonl'))).rejects.toThrow('no audience file "missing.jsonl"');
    // Without a batcher, each item is its own.
    await files.write('one.jsonl', ['{"profileId":"a"}']);
    expect(await read({ ...input('one.jsonl'), fromItem: { whole: '' } })).toEqual([
      { whole: { profileId: 'a' } },
    ]);
  });
});

function item(profileId: string) {
  return { at: '2027-01-04T09:00:00.000Z', ratePerSecond: 0, profileId };
}
