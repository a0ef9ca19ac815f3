import { fileLines } from './file-lines.ts';
import { InputProblems, jsonOfLine } from './input-problems.ts';

/** What the caller finds wrong with one line's JSON as a profile (nothing when it is one). */
export type CheckProfile = (value: unknown, where: string) => readonly string[];

/**
 * Checks every line of a JSON-lines file of profiles before anything runs, so a bad line is
 * reported with all the others rather than found by a worker halfway; the workers then read the
 * file again, each keeping its own customers (see shardProfiles).
 */
export async function checkProfilesFile(path: string, check: CheckProfile): Promise<number> {
  const problems = new InputProblems();
  let count = 0;
  for await (const line of fileLines(path)) {
    count += 1;
    const where = `${path}:${line.number}`;
    const json = jsonOfLine(line.text, where);
    problems.add('problem' in json ? [json.problem] : check(json.value, where));
  }
  problems.throwIfAny();
  return count;
}
