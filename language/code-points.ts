/**
 * Texts measured in characters as a person counts them, and as zod's `max` and JSON Schema's
 * `maxLength` do: Unicode code points, where JavaScript's `length` and `slice` count UTF-16 units
 * and an emoji as two.
 */

/** The text's first `count` code points, read no further than they go. */
export function firstCodePoints(text: string, count: number): string {
  if (text.length <= count) return text;
  let units = 0;
  let taken = 0;
  for (const character of text) {
    if (taken === count) break;
    units += character.length;
    taken += 1;
  }
  return text.slice(0, units);
}
