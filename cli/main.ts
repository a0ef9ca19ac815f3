import { Command, CommanderError } from 'commander';
import { EXIT } from './defaults.ts';
import { registerAudience } from './register/audience.ts';
import { registerCompile } from './register/compile.ts';
import { registerConsole } from './register/console.ts';
import { registerDev } from './register/dev.ts';
import { registerGraph } from './register/graph.ts';
import { registerOutbox } from './register/outbox.ts';
import { registerPatternTest } from './register/pattern-test.ts';
import { registerRejected } from './register/rejected.ts';
import { registerReport } from './register/report.ts';
import { registerSchema } from './register/schema.ts';
import { registerSendEvent } from './register/send-event.ts';
import { registerSimulate } from './register/simulate.ts';
import { registerTrace } from './register/trace.ts';
import { registerValidate } from './register/validate.ts';

// Each command is registered with its name, arguments and options only; its implementation, and
// with it DuckDB, the AWS SDK, dynalite, Liquid, MJML or the compiler, loads when it runs.
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
registerConsole(program);
registerSendEvent(program);
registerOutbox(program);
registerTrace(program);
registerAudience(program);
registerRejected(program);
registerReport(program);
registerPatternTest(program);

// What fails outside a command's own handling (a library throwing from a callback, a promise left
// unawaited) still ends as the README says: one line on stderr and exit 2, not a stack trace and 1.
process.on('uncaughtException', (error) => {
  process.stderr.write(`parcours: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(EXIT.usage);
});

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
