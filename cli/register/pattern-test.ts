import type { Command } from 'commander';

export function registerPatternTest(program: Command): void {
  const pattern = program.command('pattern').description('work with EventBridge event patterns');
  pattern
    .command('test')
    .description('tell whether an event matches a pattern, as the local bus and EventBridge decide')
    .argument('<pattern.json>', 'an EventBridge event pattern')
    .argument('<event.json>', 'an event, as EventBridge delivers it (source, detail-type, detail, …)')
    .action(async (patternFile: string, eventFile: string) =>
      (await import('../commands/pattern-test.ts')).runPatternTest(patternFile, eventFile),
    );
}
