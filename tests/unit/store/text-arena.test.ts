import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/seeded-random.ts';
import { COMPACT_AT_GARBAGE_SHARE, TextArena } from '../../../shared/store/memory/text-arena.ts';

/** A text of about `length` characters, some of them past ASCII and past the BMP. */
function textOf(random: () => number, length: number): string {
  const alphabet = ['a', 'b', 'é', '€', '😀', '"', '\\'];
  let text = '';
  while (text.length < length) text += alphabet[Math.floor(random() * alphabet.length)] ?? 'a';
  return text;
}

describe('the text arena', () => {
  it('gives back the last text stored in each slot, through replacements, releases and compactions', () => {
    // Prepare
    const random = seededRandom(7);
    const arena = new TextArena();
    const expected = new Map<number, string>();

    // Act: enough rewrites for several compactions (over 4 MB of dead bytes each)
    for (let round = 0; round < 40_000; round += 1) {
      const slots = [...expected.keys()];
      const pick = slots[Math.floor(random() * slots.length)];
      const roll = random();
      if (pick !== undefined && roll < 0.1) {
        arena.release(pick);
        expected.delete(pick);
      } else {
        const text = textOf(random, 200 + Math.floor(random() * 1_500));
        const slot = pick !== undefined && roll < 0.7 ? arena.store(text, pick) : arena.store(text);
        expected.set(slot, text);
      }
    }

    // Assess
    for (const [slot, text] of expected) expect(arena.read(slot)).toBe(text);
    const liveBytes = [...expected.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    // Dead bytes are copied away past COMPACT_AT_GARBAGE_SHARE of the live ones (and a 4 MB chunk).
    expect(arena.heldBytes).toBeLessThanOrEqual(
      liveBytes * (1 + COMPACT_AT_GARBAGE_SHARE) + 2 * 4 * 1024 * 1024,
    );
  });

  it('refuses a slot it never gave', () => {
    // Prepare
    const arena = new TextArena();
    arena.store('one');

    // Act, Assess
    expect(() => arena.read(1)).toThrow('no slot 1');
  });
});
