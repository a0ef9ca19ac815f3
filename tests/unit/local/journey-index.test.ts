import { describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../../../local/runtime/execution-record.ts';
import { saveExecution } from '../../../local/runtime/execution-store.ts';
import { JourneyIndex } from '../../../local/runtime/journey-index.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';

const record = (
  name: string,
  scenario: string,
  states: string[],
  status: ExecutionRecord['status'] = 'running',
): ExecutionRecord => ({
  name,
  scenario,
  profileId: `p-${name}`,
  status,
  startedAt: `2026-11-02T10:0${name.length}:00.000Z`,
  states: states.map((state, index) => ({ name: state, at: `2026-11-02T10:00:0${index}.000Z` })),
});

describe('JourneyIndex', () => {
  it('reads the store once, and a change reported meanwhile wins over what the store held', async () => {
    // Prepare
    const store = memoryItemStore();
    await saveExecution(store, record('a', 'cart', ['Wait', 'Email']));
    await saveExecution(store, record('bb', 'cart', ['Wait']));
    await saveExecution(store, record('c', 'other', ['Wait']));
    const index = new JourneyIndex(store);

    // Act: b moves on before the index is first read; a ends after.
    index.record(record('bb', 'cart', ['Wait', 'Email', 'Wait']));
    const first = await index.ofScenario('cart');
    index.record(record('a', 'cart', ['Wait', 'Email'], 'completed'));
    await saveExecution(store, record('d', 'cart', ['Wait'])); // saved without a change reported: not seen
    const second = await index.ofScenario('cart');

    // Assess
    expect(first.map((journey) => [journey.name, journey.entered, journey.current])).toEqual([
      ['a', ['Wait', 'Email'], 'Email'],
      ['bb', ['Wait', 'Email'], 'Wait'],
    ]);
    expect(second.map((journey) => [journey.name, journey.status, journey.current])).toEqual([
      ['a', 'completed', undefined],
      ['bb', 'running', 'Wait'],
    ]);
  });
});
