import { distance } from 'fastest-levenshtein';

/**
 * The known name the author most likely meant, if one is likely enough: the same name written
 * another way (`ordersCount`, `Orders-Count`, `aggregates.orders_count` for `orders_count`), one a
 * typo away, or the only one that holds the name whole (`orders` for `orders_count`).
 */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const candidates = [...known];
  const wanted = normalized(name);
  const same = candidates.find((candidate) => normalized(candidate) === wanted);
  if (same !== undefined) return same;
  let best: { candidate: string; cost: number } | undefined;
  for (const candidate of candidates) {
    const cost = distance(wanted, normalized(candidate));
    if (best === undefined || cost < best.cost) best = { candidate, cost };
  }
  const tolerance = Math.max(2, Math.floor(name.length / 3));
  if (best !== undefined && best.cost <= tolerance) return best.candidate;
  // Three letters or more, so `a` or `id` does not find itself in every name.
  if (wanted.length < 3) return undefined;
  const holding = candidates.filter((candidate) => normalized(candidate).includes(wanted));
  return holding.length === 1 ? holding[0] : undefined;
}

/** ` (did you mean "x"?)` or nothing: appended to "unknown …" messages. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const suggestion = closestName(name, known);
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}

export function unknownName(kind: string, name: string, known: Iterable<string>): string {
  return `unknown ${kind} "${name}"${didYouMean(name, known)}`;
}

/** Lower case, words split by `_` whether written camelCase, kebab-case or snake_case; no `x.` prefix. */
function normalized(name: string): string {
  return name
    .replace(/^(aggregates|segments|profile|event)\./, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase();
}
