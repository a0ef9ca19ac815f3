import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUnstorable } from '../../../shared/ingest/unstorable.ts';
import { type ItemStore, when } from '../../../shared/store/item-store.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';
import { CONFLICT, withOptimisticRetry } from '../../../shared/store/optimistic.ts';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.ts';

/**
 * The store port's contract, run on both adapters: DynamoDB (on dynalite) and memory. Whatever a
 * store of the domain relies on (conditional writes, ordering, paging, refusals, concurrency) is
 * here, so the in-memory store that `simulate` runs on behaves as the deployed table does.
 */
let dynamo: LocalDynamo;
const adapters: Record<string, () => ItemStore> = {
  dynamodb: () => dynamo.store,
  memory: () => memoryStore,
};
const memoryStore = memoryItemStore();

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

let partitions = 0;
/** A partition no other case uses, so the cases share one store of each kind. */
const freshPartition = () => {
  partitions += 1;
  return `CONTRACT#${partitions}`;
};

describe.each(Object.keys(adapters))('the %s store', (adapter) => {
  const store = () => {
    const make = adapters[adapter];
    if (make === undefined) throw new Error(`no adapter ${adapter}`);
    return make();
  };

  it('gives back what was put, without undefined values, and nothing for a missing key', async () => {
    // Prepare
    const pk = freshPartition();
    const item = {
      pk,
      sk: 'A',
      name: 'Ana',
      nested: { list: [1, 'two', { three: true }], gone: undefined },
      holes: [1, undefined, 2],
    };

    // Act
    await store().put(item);
    const read = await store().get({ pk, sk: 'A' });
    const missing = await store().get({ pk, sk: 'B' });

    // Assess
    expect(read).toEqual({
      pk,
      sk: 'A',
      name: 'Ana',
      nested: { list: [1, 'two', { three: true }] },
      holes: [1, 2],
    });
    expect(read?.nested).not.toHaveProperty('gone');
    expect(missing).toBeUndefined();
  });

  it('keeps map keys named as object properties are, by put, set and batch', async () => {
    // Prepare: keys apps choose (a topic, a product id, a trait), one posing as a set
    const pk = freshPartition();
    const odd = {
      constructor: { name: 'Set' },
      toString: 'text',
      valueOf: { constructor: 'opted-out' },
      list: [{ constructor: 1 }],
    };

    // Act
    await store().put({ pk, sk: 'A', odd });
    await store().set({ pk, sk: 'B' }, { odd });
    await store().putMany([{ pk, sk: 'C', odd }]);
    const read = await Promise.all(['A', 'B', 'C'].map((sk) => store().get({ pk, sk })));

    // Assess
    expect(read.map((item) => item?.odd)).toEqual([odd, odd, odd]);
  });

  it('keeps its own copy: changing an item read or written changes nothing stored', async () => {
    // Prepare
    const pk = freshPartition();
    const tags = ['a'];
    await store().put({ pk, sk: 'A', tags });

    // Act
    tags.push('written');
    const read = await store().get({ pk, sk: 'A' });
    const readTags = read?.tags;
    if (Array.isArray(readTags)) readTags.push('read');

    // Assess
    expect(readTags).toEqual(['a', 'read']);
    expect((await store().get({ pk, sk: 'A' }))?.tags).toEqual(['a']);
  });

  it('reads only the attributes asked for, with the key', async () => {
    // Prepare
    const pk = freshPartition();
    await store().put({ pk, sk: 'E', event: { large: 'x'.repeat(1000) }, processedAt: '2026-01-01' });

    // Act
    const read = await store().get({ pk, sk: 'E' }, { attributes: ['processedAt'] });

    // Assess
    expect(read).toEqual({ pk, sk: 'E', processedAt: '2026-01-01' });
  });

  it('writes once under "item absent" and leaves the first item when the condition fails', async () => {
    // Prepare
    const pk = freshPartition();

    // Act
    const first = await store().put({ pk, sk: 'A', by: 'first' }, { condition: when.itemAbsent });
    const second = await store().put({ pk, sk: 'A', by: 'second' }, { condition: when.itemAbsent });

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect((await store().get({ pk, sk: 'A' }))?.by).toBe('first');
  });

  it.each([
    ['equal strings', when.equals('outcome', 'sending'), true],
    ['different strings', when.equals('outcome', 'sent'), false],
    ['a string before', when.before('claimedAt', '2026-01-02'), true],
    ['a string not before itself', when.before('claimedAt', '2026-01-01T00:00:00.000Z'), false],
    ['a string at or before itself', when.atOrBefore('claimedAt', '2026-01-01T00:00:00.000Z'), true],
    ['a number at or before', when.atOrBefore('expiresAt', 100), true],
    ['a number not before a smaller one', when.before('expiresAt', 99), false],
    ['numbers of equal value', when.equals('version', 3), true],
    ['a number against a string', when.equals('version', '3'), false],
    ['a comparison on a missing attribute', when.equals('callStartedAt', 'x'), false],
    ['an attribute that exists', when.exists('claimId'), true],
    ['an attribute that is missing', when.missing('callStartedAt'), true],
    ['the item present', when.itemPresent, true],
    ['the item absent', when.itemAbsent, false],
    [
      'the claim condition of the ledger',
      when.or(
        when.itemAbsent,
        when.and(
          when.equals('outcome', 'sending'),
          when.missing('callStartedAt'),
          when.before('claimedAt', '2026-01-02'),
        ),
      ),
      true,
    ],
    ['an "and" with one false part', when.and(when.exists('claimId'), when.exists('callStartedAt')), false],
    ['an "or" with one true part', when.or(when.exists('callStartedAt'), when.equals('version', 3)), true],
  ])('evaluates a condition on the stored item: %s', async (_label, condition, holds) => {
    // Prepare
    const pk = freshPartition();
    const stored = {
      pk,
      sk: 'L',
      outcome: 'sending',
      claimId: 'c1',
      claimedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: 100,
      version: 3,
    };
    await store().put(stored);

    // Act
    const written = await store().put({ ...stored, outcome: 'rewritten' }, { condition });

    // Assess
    expect(written).toBe(holds);
    expect((await store().get({ pk, sk: 'L' }))?.outcome).toBe(holds ? 'rewritten' : 'sending');
  });

  it('treats an absent item as having no attribute: "missing" holds, comparisons fail', async () => {
    // Prepare
    const pk = freshPartition();

    // Act
    const compared = await store().put({ pk, sk: 'X' }, { condition: when.equals('version', 0) });
    const missing = await store().put({ pk, sk: 'Y' }, { condition: when.missing('version') });

    // Assess
    expect([compared, missing]).toEqual([false, true]);
  });

  it('sets attributes, creating the item when absent, and only under its condition', async () => {
    // Prepare
    const pk = freshPartition();

    // Act
    const created = await store().set({ pk, sk: 'S' }, { processedAt: 't1' });
    const merged = await store().set({ pk, sk: 'S' }, { convertedAt: 't2', convertedBy: 'e1' });
    const refused = await store().set(
      { pk, sk: 'S' },
      { convertedAt: 't3' },
      { condition: when.missing('convertedAt') },
    );
    const onAbsent = await store().set(
      { pk, sk: 'T' },
      { convertedAt: 't4' },
      { condition: when.itemPresent },
    );

    // Assess
    expect([created, merged, refused, onAbsent]).toEqual([true, true, false, false]);
    expect(await store().get({ pk, sk: 'S' })).toEqual({
      pk,
      sk: 'S',
      processedAt: 't1',
      convertedAt: 't2',
      convertedBy: 'e1',
    });
    expect(await store().get({ pk, sk: 'T' })).toBeUndefined();
  });

  it('deletes under a condition, and a failed condition keeps the item', async () => {
    // Prepare
    const pk = freshPartition();
    await store().put({ pk, sk: 'W', token: 'old' });

    // Act
    const wrongToken = await store().delete({ pk, sk: 'W' }, { condition: when.equals('token', 'new') });
    const rightToken = await store().delete({ pk, sk: 'W' }, { condition: when.equals('token', 'old') });
    const again = await store().delete({ pk, sk: 'W' }, { condition: when.itemPresent });

    // Assess
    expect([wrongToken, rightToken, again]).toEqual([false, true, false]);
    expect(await store().get({ pk, sk: 'W' })).toBeUndefined();
  });

  it('queries a partition by prefix and by an inclusive range, in sort-key order', async () => {
    // Prepare: written out of order, with characters whose UTF-16 and UTF-8 orders differ
    const pk = freshPartition();
    const sortKeys = ['EVENT#b', 'EVENT#\u{1F600}', 'JOURNEY#x', 'EVENT#a', 'EVENT#\uffee', 'EVENT#c'];
    for (const sk of sortKeys) await store().put({ pk, sk });
    await store().put({ pk: freshPartition(), sk: 'EVENT#a' });

    // Act
    const events = await store().query(pk, { prefix: 'EVENT#' });
    const range = await store().query(pk, { from: 'EVENT#b', to: 'EVENT#c' });
    const all = await store().query(pk);

    // Assess
    expect(events.map((item) => item.sk)).toEqual([
      'EVENT#a',
      'EVENT#b',
      'EVENT#c',
      'EVENT#\uffee',
      'EVENT#\u{1F600}',
    ]);
    expect(range.map((item) => item.sk)).toEqual(['EVENT#b', 'EVENT#c']);
    expect(all).toHaveLength(sortKeys.length);
  });

  it('reads every page of a partition past 1 MB', async () => {
    // Prepare: 14 items of 100 KB, more than one DynamoDB page
    const pk = freshPartition();
    const body = 'x'.repeat(100 * 1024);
    await store().putMany(
      Array.from({ length: 14 }, (_, index) => ({ pk, sk: `ITEM#${String(index).padStart(2, '0')}`, body })),
    );

    // Act
    const items = await store().query(pk, { prefix: 'ITEM#' });

    // Assess
    expect(items.map((item) => item.sk)).toEqual(
      Array.from({ length: 14 }, (_, index) => `ITEM#${String(index).padStart(2, '0')}`),
    );
  });

  it('scans for a sort-key prefix across partitions, and stops at a limit', async () => {
    // Prepare
    const [first, second] = [freshPartition(), freshPartition()];
    const prefix = `SCANNED-${adapter}#`;
    await store().putMany([
      { pk: first, sk: `${prefix}1` },
      { pk: second, sk: `${prefix}2` },
      { pk: second, sk: 'OTHER' },
    ]);

    // Act
    const found = await store().scan({ sortKeyPrefix: prefix });
    const limited = await store().scan({ limit: 1 });
    const limitedMatches = await store().scan({ sortKeyPrefix: prefix, limit: 1 });

    // Assess: a limit counts the items that match, however many others are read before them
    expect(found.map((item) => item.sk).sort()).toEqual([`${prefix}1`, `${prefix}2`]);
    expect(limited).toHaveLength(1);
    expect(limitedMatches).toHaveLength(1);
    expect(limitedMatches[0]?.sk.startsWith(prefix)).toBe(true);
  });

  it('scans in segments that together read each matching item once, a partition in one segment, across pages', async () => {
    // Prepare: 60 partitions of two items, 40 KB each, so DynamoDB's 1 MB pages end mid-segment
    const prefix = `SEGMENTED-${adapter}#`;
    const padding = 'x'.repeat(40_000);
    const pks = Array.from({ length: 60 }, () => freshPartition());
    await store().putMany(
      pks.flatMap((pk) => [
        { pk, sk: `${prefix}A`, padding },
        { pk, sk: `${prefix}B`, padding },
        { pk, sk: 'UNRELATED' },
      ]),
    );

    // Act: each of 3 segments read page after page
    const segmentOf = new Map<string, number[]>();
    const read: string[] = [];
    let pages = 0;
    for (let segment = 0; segment < 3; segment += 1) {
      let after: string | undefined;
      do {
        const page = await store().scanSegment({ segment, segments: 3, sortKeyPrefix: prefix, after });
        pages += 1;
        for (const item of page.items) {
          read.push(`${item.pk}/${item.sk}`);
          segmentOf.set(item.pk, [...new Set([...(segmentOf.get(item.pk) ?? []), segment])]);
        }
        after = page.next;
      } while (after !== undefined);
    }

    // Assess
    expect(read.sort()).toEqual(pks.flatMap((pk) => [`${pk}/${prefix}A`, `${pk}/${prefix}B`]).sort());
    expect([...segmentOf.values()].every((segments) => segments.length === 1)).toBe(true);
    expect(new Set([...segmentOf.values()].flat()).size).toBeGreaterThan(1);
    if (adapter === 'dynamodb') expect(pages).toBeGreaterThan(3);
  });

  it('lets exactly one of many concurrent writers win an "item absent" write', async () => {
    // Prepare
    const pk = freshPartition();

    // Act
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, writer) =>
        store().put({ pk, sk: 'ONE', writer }, { condition: when.itemAbsent }),
      ),
    );

    // Assess
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store().get({ pk, sk: 'ONE' }))?.writer).toBe(results.indexOf(true));
  });

  it('loses no update of concurrent read-modify-write writers conditioned on the version read', async () => {
    // Prepare
    const pk = freshPartition();
    const key = { pk, sk: 'COUNTER' };
    const increment = () =>
      withOptimisticRetry(async () => {
        const item = await store().get(key);
        const version = typeof item?.version === 'number' ? item.version : 0;
        const condition = item === undefined ? when.itemAbsent : when.equals('version', version);
        return (await store().put({ ...key, version: version + 1 }, { condition })) ? version + 1 : CONFLICT;
      }, 40);

    // Act
    const versions = await Promise.all(Array.from({ length: 10 }, increment));

    // Assess
    expect([...versions].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await store().get(key))?.version).toBe(10);
  });

  it.each([
    ['an item over 400 KB', { pk: 'P', sk: 'BIG', body: 'x'.repeat(401 * 1024) }],
    ['a sort key over 1,024 bytes', { pk: 'P', sk: 'k'.repeat(1025) }],
    ['an empty partition key', { pk: '', sk: 'S' }],
    ['a number past 2^53', { pk: 'P', sk: 'N', count: 2 ** 60 }],
  ])('refuses %s as unstorable, the way ingest recognises, and stores nothing', async (_label, item) => {
    // Act
    const refusal = await store()
      .put(item)
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    // Assess
    expect(refusal).toBeInstanceOf(Error);
    expect(isUnstorable(refusal)).toBe(true);
    if (item.pk !== '' && item.sk.length <= 1024) expect(await store().get(item)).toBeUndefined();
  });
});
