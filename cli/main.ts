import { Command, CommanderError } from 'commander';
import { registerCompile } from './commands/compile.ts';
import { registerDev } from './commands/dev.ts';
import { registerGraph } from './commands/graph.ts';
import { registerOutbox } from './commands/outbox.ts';
import { registerPatternTest } from './commands/pattern-test.ts';
import { registerRejected } from './commands/rejected.ts';
import { registerReport } from './commands/report.ts';
import { registerSchema } from './commands/schema.ts';
import { registerSendEvent } from './commands/send-event.ts';
import { registerSimulate } from './commands/simulate.ts';
import { registerTrace } from './commands/trace.ts';
import { registerValidate } from './commands/validate.ts';
import { EXIT } from './project.ts';

const program = new Command('parcours')
  .description('Customer journeys as code, compiled to AWS Step Functions.')
  .showHelpAfterError()
  .exitOverride();

registerValidate(program);
registerCompile(program);
registerGraph(program);
registerSchema(program);
registerSimulate(program);
registerDev(program);
registerSendEvent(program);
registerOutbox(program);
registerTrace(program);
registerRejected(program);
registerReport(program);
registerPatternTest(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    process.stderr.write(`parcours: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.usage;
  }
}
