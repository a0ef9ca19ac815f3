import type { Command } from 'commander';
import { z } from 'zod';
import { EventPattern } from '../../language/event-pattern.ts';
import { matchesPattern } from '../../shared/events/pattern-match.ts';
import { InputError, parseJson, readInput } from '../input/read-json.ts';
import { zodViolations } from '../input/zod-violations.ts';
import { EXIT } from '../project.ts';

const EventObject = z.record(z.string(), z.unknown());

export function registerPatternTest(program: Command): void {
  const pattern = program.command('pattern').description('work with EventBridge event patterns');
  pattern
    .command('test')
    .description('tell whether an event matches a pattern, as the local bus and EventBridge decide')
    .argument('<pattern.json>', 'an EventBridge event pattern')
    .argument('<event.json>', 'an event, as EventBridge delivers it (source, detail-type, detail, …)')
    .action(async (patternFile: string, eventFile: string) => {
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
    });
}

async function readJson(file: string): Promise<unknown> {
  return parseJson(await readInput(file), file);
}
