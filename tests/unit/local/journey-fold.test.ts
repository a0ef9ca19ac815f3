import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JourneyFact, JourneyFold } from '../../../local/simulate/journey-fold.ts';
import { forEachJsonLine } from '../../../local/simulate/json-lines-file.ts';
import { ShardFacts } from '../../../local/simulate/shard-facts.ts';
import type { OutcomeFact } from '../../../shared/outcomes/outcome-fact.ts';
import { useProjectFixtures } from '../../helpers/project-fixture.ts';

const { tempDir } = useProjectFixtures();

const EXECUTION = 'c-1_abandoned-cart_0a1b2c3d4e5f';
const common = { profile_id: 'c-1', scenario: 'abandoned-cart', execution: EXECUTION } as const;

/** An entry, a split assignment, a message and two conversions of one journey, in the order they came. */
const FACTS: OutcomeFact[] = [
  { ...common, id: 'entry-1', kind: 'entry', occurred_at: '2026-11-16T01:00:00.000Z', grp: 'treatment' },
  {
    ...common,
    id: 'variant-1',
    kind: 'variant',
    occurred_at: '2026-11-16T01:00:00.000Z',
    step: 'subject',
    variant: 'b',
  },
  {
    ...common,
    id: 'message-1',
    kind: 'message',
    occurred_at: '2026-11-16T02:00:00.000Z',
    step: 'cart-email',
    channel: 'email',
    outcome: 'sent',
  },
  {
    ...common,
    id: 'conversion-1',
    kind: 'conversion',
    occurred_at: '2026-11-16T05:00:00.000Z',
    value: 31,
    currency: 'EUR',
  },
  {
    ...common,
    id: 'conversion-2',
    kind: 'conversion',
    occurred_at: '2026-11-16T04:00:00.000Z',
    value: 99,
    currency: 'EUR',
  },
];

/** The files a shard's sink writes `facts` to, closed. */
async function writtenByAShard(facts: readonly OutcomeFact[]): Promise<{ facts: string; journeys: string }> {
  const dir = await tempDir();
  const paths = { facts: join(dir, 'facts.jsonl'), journeys: join(dir, 'journeys.jsonl') };
  const sink = await ShardFacts.open(paths);
  await sink.append(facts);
  await sink.close();
  return paths;
}

describe('the journeys of a simulation, from its shards’ facts', () => {
  it('keep every fact in the facts file and only those of the journey list in its own', async () => {
    // Act
    const paths = await writtenByAShard(FACTS);

    // Assess: the message is in the facts file only, and a journey fact carries no message field.
    const lines = async (path: string) =>
      (await readFile(path, 'utf8'))
        .trim()
        .split('\n')
        .map((line): unknown => JSON.parse(line));
    expect(await lines(paths.facts)).toEqual(FACTS);
    const journeyFacts = await lines(paths.journeys);
    expect(journeyFacts.map((fact) => JourneyFact.parse(fact).kind)).toEqual([
      'entry',
      'variant',
      'conversion',
      'conversion',
    ]);
    expect(journeyFacts.every((fact) => !Object.hasOwn(fact as object, 'id'))).toBe(true);
  });

  it('fold them into one journey with its split and its earliest conversion, as the reports read it', async () => {
    // Prepare
    const paths = await writtenByAShard(FACTS);
    const fold = new JourneyFold();

    // Act
    await forEachJsonLine(paths.journeys, JourneyFact, (fact) => fold.add(fact));

    // Assess: the conversion that happened first, though it came second (an earlier goal event
    // found later takes the journey's conversion, and facts.sql keeps the earliest copy).
    expect(fold.journeys()).toEqual([
      {
        profileId: 'c-1',
        scenario: 'abandoned-cart',
        execution: EXECUTION,
        enteredAt: '2026-11-16T01:00:00.000Z',
        group: 'treatment',
        variants: { subject: 'b' },
        convertedAt: '2026-11-16T04:00:00.000Z',
        value: 99,
        currency: 'EUR',
      },
    ]);
  });

  it('name the file and line of a journey fact that is not one', async () => {
    // Prepare
    const dir = await tempDir();
    const path = join(dir, 'journeys.jsonl');
    const sink = await ShardFacts.open({ facts: join(dir, 'facts.jsonl'), journeys: path });
    await sink.append([FACTS[0] as OutcomeFact]);
    await sink.close();
    await appendFile(path, `${JSON.stringify({ kind: 'entry', execution: EXECUTION })}\n`);

    // Act
    const folding = forEachJsonLine(path, JourneyFact, () => undefined);

    // Assess
    await expect(folding).rejects.toThrow(`${path}:2:`);
  });
});
