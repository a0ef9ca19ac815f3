import { distance } from 'fastest-levenshtein';

/** The closest known name, if it is close enough to be a likely typo. */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  let best: { candidate: string; cost: number } | undefined;
  for (const candidate of known) {
    const cost = distance(name.toLowerCase(), candidate.toLowerCase());
    if (best === undefined || cost < best.cost) best = { candidate, cost };
  }
  if (best === undefined) return undefined;
  const tolerance = Math.max(2, Math.floor(name.length / 3));
  return best.cost <= tolerance ? best.candidate : undefined;
}

/** ` (did you mean "x"?)` or nothing: appended to "unknown …" messages. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const suggestion = closestName(name, known);
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}

export function unknownName(kind: string, name: string, known: Iterable<string>): string {
  return `unknown ${kind} "${name}"${didYouMean(name, known)}`;
}
