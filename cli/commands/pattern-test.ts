import * as z from 'zod';
import { EventPattern } from '../../language/event-pattern.ts';
import { matchesPattern } from '../../shared/events/pattern-match.ts';
import { EXIT } from '../defaults.ts';
import { InputError, parseJson, readInput } from '../input/read-json.ts';
import { zodViolations } from '../input/zod-violations.ts';

const EventObject = z.record(z.string(), z.unknown());

export async function runPatternTest(patternFile: string, eventFile: string): Promise<void> {
  try {
    const [patternJson, eventJson] = await Promise.all([readJson(patternFile), readJson(eventFile)]);
    const parsedPattern = EventPattern.safeParse(patternJson);
    const parsedEvent = EventObject.safeParse(eventJson);
    const problems = [
      ...(parsedPattern.success ? [] : zodViolations(patternFile, parsedPattern.error)),
      ...(parsedEvent.success ? [] : [`${eventFile}: an event is a JSON object`]),
    ];
    if (!parsedPattern.success || !parsedEvent.success) {
      for (const problem of problems) process.stderr.write(`${problem}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    const matched = matchesPattern(parsedPattern.data, parsedEvent.data);
    process.stdout.write(matched ? 'match\n' : 'no match\n');
    process.exitCode = matched ? EXIT.ok : EXIT.invalid;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`parcours: ${error.message}\n`);
    process.exitCode = EXIT.usage;
  }
}

async function readJson(file: string): Promise<unknown> {
  return parseJson(await readInput(file), file);
}
